"""Rules of the domain: no Qt, no SQL."""
