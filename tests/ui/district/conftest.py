"""Real street packets and a district store (tests/fixtures/street_packets.py)."""

from tests.fixtures.street_packets import district, packets

__all__ = ["district", "packets"]
