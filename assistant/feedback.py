"""Thumbs up/down, appended as JSON lines.

Each line names the answer it was given on (`answer_id`, when the chat knows it): a changed or withdrawn vote
is a new line with the same answer id, so the last line per answer id is that answer's verdict ("ingen"
when the thumb was clicked off again).

A thread lock keeps one server's users from interleaving a line, and an
advisory file lock (where the OS has one) does the same across processes,
e.g. a server and a script writing the same file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: the thread lock still holds within one server
    fcntl = None  # type: ignore[assignment]

from .errors import FeedbackError

_LOCK = threading.Lock()
VERDICTS = ("upp", "ner")  # what a user can give (also through the API)
UNVOTE = "ingen"  # a thumb clicked off again: recorded, so the last line per answer is always the verdict


def check_writable(path: Path) -> str | None:
    """Why feedback cannot be saved at `path`, or None when it can; checked once at start-up."""
    try:
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            return f"{folder} är ingen mapp"
        if path.exists() and not path.is_file():
            return f"{path} är ingen vanlig fil"
        target = path if path.exists() else folder
    except OSError as exc:  # e.g. a folder on the way that may not be entered
        return f"{path} går inte att nå: {exc.strerror or exc}"
    if not os.access(target, os.W_OK):
        return f"{target} är skrivskyddad"
    return None


def record(path: Path, question: str, entry_ids: list[str], verdict: str, answer_id: str | None = None) -> dict:
    """Append one line; the whole line is written in one call under both locks, or nothing is."""
    if verdict not in VERDICTS + (UNVOTE,):
        raise ValueError(f"omdömet ska vara 'upp', 'ner' eller 'ingen', inte {verdict!r}")
    row = {
        "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "question": question,
        "entry_ids": list(entry_ids),
        "verdict": verdict,
    }
    if answer_id:
        row["answer_id"] = answer_id
    data = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _LOCK:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                written = os.write(fd, data)
                if written != len(data):  # a short write (full disk): undo it so no broken line stays
                    os.ftruncate(fd, os.lseek(fd, 0, os.SEEK_END) - written)
                    raise OSError(28, "disken är full")
            finally:
                os.close(fd)  # closing releases the flock
    except OSError as exc:
        raise FeedbackError(f"återkopplingen kunde inte sparas i {path}: {exc.strerror or exc}") from exc
    return row
