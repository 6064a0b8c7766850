"""The checks on a question that every way in shares: the CLI, the chat and the JSON API say the same thing
about the same mistake."""

from __future__ import annotations

from .errors import UsageError
from .text import clean_user_text

MAX_QUESTION = 10_000  # characters; the question is cut to its start and end for searching anyway (query.MAX_CHARS)
K_MIN, K_MAX = 1, 100
K_DEFAULT = 10
ANY = "Alla"  # the "no filter" choice of the chat, the map tab and the API


def no_filter(value: str | None) -> str | None:
    """A filter value, or None for none ("" or "Alla")."""
    return None if not value or value == ANY else value


def check_k(k: object) -> int:
    """How many entries at most: a whole number 1–100."""
    if isinstance(k, bool):
        raise UsageError(f"k ska vara ett heltal mellan {K_MIN} och {K_MAX}")
    try:
        value = int(k)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise UsageError(f"k ska vara ett heltal mellan {K_MIN} och {K_MAX}") from exc
    if value != k and not isinstance(k, str):
        raise UsageError(f"k ska vara ett heltal mellan {K_MIN} och {K_MAX}")
    if not K_MIN <= value <= K_MAX:
        raise UsageError(f"k ska vara mellan {K_MIN} och {K_MAX}, inte {value}")
    return value


def check_question(text: object) -> str:
    """The question as searched (control characters dropped, blanks squeezed); empty or too long is an error."""
    if not isinstance(text, str):
        raise UsageError("frågan ska vara text")
    if len(text) > MAX_QUESTION:
        raise UsageError(f"frågan är för lång ({len(text):,} tecken; högst {MAX_QUESTION:,})".replace(",", " "))
    cleaned = clean_user_text(text)
    if not cleaned:
        raise UsageError("skriv en fråga")
    return cleaned
