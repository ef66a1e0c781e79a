"""Use cases: the rules applied to the store. No Qt here."""
