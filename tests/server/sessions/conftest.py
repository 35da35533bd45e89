"""Sessions run in the same Lisbon event as meetings (slots, tables, four people, a movable clock)."""
from tests.server.meetings.conftest import clock, world  # noqa: F401  (fixtures shared with meetings)
