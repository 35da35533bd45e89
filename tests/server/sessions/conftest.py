"""Sessions run in the same Lisbon event as meetings (slots, tables, four people, a movable clock)."""
from tests.server.meetings.conftest import app_overrides, clock, world  # noqa: F401  (shared with meetings)
