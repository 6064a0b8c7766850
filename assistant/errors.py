"""Problems a user can mend, each with its Swedish message; turned into output in one place per edge.

The CLI prints `user_message()` on one line and exits 1; the app shows it in the chat. Anything else
that escapes is a bug, not a message.
"""

from __future__ import annotations


class InsatsError(Exception):
    """Base class: str(exc) says what is wrong, `hint` what to do about it."""

    hint = ""

    def user_message(self) -> str:
        text = str(self).rstrip(".")
        return f"Fel: {text}." + (f" {self.hint}" if self.hint else "")


class CorpusError(InsatsError, ValueError):
    """The document or a table beside it does not have the expected shape."""

    hint = "Laga eller återställ filen och försök igen."


class PlaceDataError(InsatsError, ValueError):
    """A place table is missing or malformed."""

    hint = "Laga eller återställ filen och försök igen."


class ModelError(InsatsError, RuntimeError):
    """The embedding model cannot be loaded."""


class IndexBuildError(InsatsError, RuntimeError):
    """The index cannot be built or loaded where it was asked for."""


class FeedbackError(InsatsError, OSError):
    """The feedback file cannot be written; the message says where and why."""


class GoldError(InsatsError, ValueError):
    """A question or gold file cannot be read; the message names the line."""


class UsageError(InsatsError, ValueError):
    """An argument is out of range or missing."""
