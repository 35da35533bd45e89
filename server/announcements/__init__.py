"""Organizer announcements: one message to an event's audience, in the feed and as a push."""
