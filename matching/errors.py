"""Exceptions raised by :mod:`matching`; all derive from :class:`MatchingError`."""

__all__ = ["MatchingError", "UnknownIntentError", "UnknownProfileError", "InfeasibleError"]


class MatchingError(Exception):
    """Base class of every error raised by the matching library."""


class UnknownIntentError(MatchingError, KeyError):
    """A goal key that is not in the intent catalogue."""

    def __str__(self):  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class UnknownProfileError(MatchingError, KeyError):
    """A profile id that the index does not hold."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class InfeasibleError(MatchingError):
    """Constraints (blocks, pairs already met) leave no valid seating."""
