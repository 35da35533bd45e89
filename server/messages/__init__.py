"""Messaging between connected attendees: conversations of two accounts, abuse controls, the inbox wake-up."""
