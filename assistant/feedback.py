"""Thumbs up/down, appended as JSON lines; one lock so concurrent users never interleave a line."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

_LOCK = threading.Lock()


class FeedbackError(OSError):
    """The feedback file cannot be written; the message says where and why."""


def record(path: Path, question: str, entry_ids: list[str], verdict: str) -> dict:
    row = {
        "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "question": question,
        "entry_ids": list(entry_ids),
        "verdict": verdict,
    }
    line = json.dumps(row, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _LOCK, path.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
    except OSError as exc:
        raise FeedbackError(f"återkopplingen kunde inte sparas i {path}: {exc.strerror or exc}") from exc
    return row
