"""Thumbs up/down, kept in one SQLite file (the standard library's sqlite3, WAL mode).

One row per vote: time, answer id, question, the entry ids the answer showed, verdict. A changed or withdrawn
vote is a new row with the same answer id, so the last row per answer id is that answer's verdict ("ingen"
when the thumb was clicked off again). WAL and a busy timeout let several server processes on one host write
the same file; each write is one transaction, so a vote is saved whole or not at all.

An older `feedback.jsonl` (the format before SQLite) beside the database is imported once: the import is
remembered by the file's hash, so a restart imports nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import FeedbackError

VERDICTS = ("upp", "ner")  # what a user can give (also through the API)
UNVOTE = "ingen"  # a thumb clicked off again: recorded, so the last row per answer is always the verdict
DB_NAME = "feedback.sqlite"
LEGACY_NAME = "feedback.jsonl"
BUSY_TIMEOUT_S = 30.0  # 20 clients' votes queue for the write lock well within this (tests/test_load.py)

SCHEMA = """
CREATE TABLE IF NOT EXISTS votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    answer_id TEXT,
    question TEXT NOT NULL,
    entry_ids TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('upp', 'ner', 'ingen'))
);
CREATE INDEX IF NOT EXISTS votes_answer ON votes (answer_id);
CREATE TABLE IF NOT EXISTS imports (sha256 TEXT PRIMARY KEY, source TEXT NOT NULL, rows INTEGER NOT NULL,
                                    time TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Vote:
    time: str
    answer_id: str | None
    question: str
    entry_ids: tuple[str, ...]
    verdict: str


def check_writable(path: Path) -> str | None:
    """Why feedback cannot be saved at `path`, or None when it can; checked once at start-up.
    SQLite writes its journal beside the file, so the folder must be writable too."""
    try:
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            return f"{folder} är ingen mapp"
        if path.exists() and not path.is_file():
            return f"{path} är ingen vanlig fil"
    except OSError as exc:  # e.g. a folder on the way that may not be entered
        return f"{path} går inte att nå: {exc.strerror or exc}"
    for target in ([path] if path.exists() else []) + [folder]:
        if not os.access(target, os.W_OK):
            return f"{target} är skrivskyddad"
    return None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """One connection per operation (sqlite3 connections are not shared between threads); the schema is made
    on first use, and every failure becomes a FeedbackError that names the file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise FeedbackError(f"återkopplingen kunde inte sparas i {path}: {_reason(exc)}") from exc
    try:
        _prepare(con)
        yield con
    except sqlite3.DatabaseError as exc:
        raise FeedbackError(f"återkopplingen kunde inte sparas i {path}: {_reason(exc)}") from exc
    finally:
        con.close()


_PREPARE_LOCK = threading.Lock()  # threads of one server process take turns setting the file up


def _prepare(con: sqlite3.Connection) -> None:
    """WAL mode and the schema. Switching a fresh file to WAL while other connections open it can fail with
    "database is locked" at once, without SQLite's busy handler (1 run in 30 of 20 threads voting at once lost
    a voter's votes, tests/test_feedback_and_api.py), so that step is retried until BUSY_TIMEOUT_S; the mode is
    kept in the file, so a file already in WAL is not switched again."""
    con.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            with _PREPARE_LOCK:
                if str(con.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                    con.execute("PRAGMA journal_mode=WAL")
                con.executescript(SCHEMA)
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


def _reason(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    if "readonly" in text or "read-only" in text:
        return "filen eller mappen är skrivskyddad"
    if "not a database" in text:
        return "filen är ingen SQLite-databas"
    return text


def record(path: Path, question: str, entry_ids: list[str], verdict: str, answer_id: str | None = None) -> dict:
    """Save one vote in one transaction; returns the row as saved."""
    if verdict not in VERDICTS + (UNVOTE,):
        raise ValueError(f"omdömet ska vara 'upp', 'ner' eller 'ingen', inte {verdict!r}")
    row = {"time": _now(), "question": question, "entry_ids": list(entry_ids), "verdict": verdict}
    if answer_id:
        row["answer_id"] = answer_id
    with connect(path) as con:
        con.execute("INSERT INTO votes (time, answer_id, question, entry_ids, verdict) VALUES (?, ?, ?, ?, ?)",
                    (row["time"], answer_id, question, json.dumps(list(entry_ids), ensure_ascii=False), verdict))
    return row


def import_legacy(path: Path, legacy: Path | None = None) -> int:
    """Import the JSON-lines file of earlier versions once (by its hash); returns the rows imported now.
    A line that does not parse is skipped, never fatal: the old file itself is left as it was."""
    legacy = legacy or path.with_name(LEGACY_NAME)
    try:
        data = legacy.read_bytes()
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise FeedbackError(f"{legacy} kunde inte läsas: {exc.strerror or exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    rows = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            r = json.loads(line)
            if r.get("verdict") in VERDICTS + (UNVOTE,):
                rows.append((str(r.get("time") or _now()), r.get("answer_id"), str(r.get("question", "")),
                             json.dumps([str(i) for i in r.get("entry_ids") or []], ensure_ascii=False),
                             r["verdict"]))
        except (ValueError, AttributeError, TypeError):
            continue
    with connect(path) as con:
        con.execute("BEGIN IMMEDIATE")
        if con.execute("SELECT 1 FROM imports WHERE sha256 = ?", (digest,)).fetchone():
            con.execute("COMMIT")
            return 0
        con.executemany("INSERT INTO votes (time, answer_id, question, entry_ids, verdict) VALUES (?, ?, ?, ?, ?)",
                        rows)
        con.execute("INSERT INTO imports (sha256, source, rows, time) VALUES (?, ?, ?, ?)",
                    (digest, str(legacy), len(rows), _now()))
        con.execute("COMMIT")
    return len(rows)


def votes(path: Path) -> list[Vote]:
    """Every vote row in the order given."""
    if not path.exists():
        raise FeedbackError(f"det finns ingen återkoppling i {path} ännu")
    with connect(path) as con:
        rows = con.execute("SELECT time, answer_id, question, entry_ids, verdict FROM votes ORDER BY id").fetchall()
    return [Vote(t, a, q, tuple(json.loads(e)), v) for t, a, q, e, v in rows]


def verdicts(all_votes: list[Vote]) -> list[Vote]:
    """The vote that stands for each answer: the last per answer id (a vote without one stands alone);
    withdrawn votes ("ingen") drop out."""
    last: dict[object, Vote] = {}
    for n, v in enumerate(all_votes):
        last[v.answer_id or ("rad", n)] = v
    return [v for v in last.values() if v.verdict != UNVOTE]
