"""Votes as data and the JSON API, in-process (fast tier: fixture corpus, fake embedder)."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from assistant.feedback import import_legacy, record, verdicts, votes
from assistant.tools.feedback_report import draft_gold, summary, write_draft_gold


def test_votes_are_rows_in_a_wal_database_and_the_last_per_answer_stands(tmp_path):
    db = tmp_path / "feedback.sqlite"
    record(db, "äldre på Gotland", ["aldre/gotland"], "upp", answer_id="a1")
    record(db, "äldre på Gotland", ["aldre/gotland"], "ner", answer_id="a1")  # changed mind
    record(db, "Skåne", ["x"], "upp", answer_id="a2")
    record(db, "Skåne", ["x"], "ingen", answer_id="a2")  # withdrawn
    record(db, "utan id", [], "upp")
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = votes(db)
    assert len(rows) == 5 and rows[0].entry_ids == ("aldre/gotland",)
    assert [(v.question, v.verdict) for v in verdicts(rows)] == [("äldre på Gotland", "ner"), ("utan id", "upp")]


def test_threads_voting_at_once_lose_nothing(tmp_path):
    db = tmp_path / "feedback.sqlite"

    def voter(n: int) -> None:
        for i in range(10):
            record(db, f"klient {n} fråga {i}", [f"id-{n}"], "upp" if i % 2 else "ner")

    errors: list[BaseException] = []

    def guarded(n: int) -> None:
        try:
            voter(n)
        except BaseException as exc:  # a thread's exception would otherwise only be printed
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(v.question for v in votes(db)) == sorted(f"klient {n} fråga {i}" for n in range(20) for i in range(10))


def test_a_file_locked_while_switching_to_wal_is_waited_for_not_a_lost_vote(tmp_path, monkeypatch):
    """SQLite can answer "database is locked" at once, without its busy handler, when a fresh file is switched
    to WAL while other connections open it (CI lost one voter's votes that way); the vote must still be saved."""
    import assistant.feedback as fb

    refusals = []

    class Flaky(sqlite3.Connection):
        def execute(self, sql, *args):
            if sql.startswith("PRAGMA journal_mode=") and len(refusals) < 2:
                refusals.append(sql)
                raise sqlite3.OperationalError("database is locked")
            return super().execute(sql, *args)

    real_connect = sqlite3.connect
    monkeypatch.setattr(fb.sqlite3, "connect", lambda *a, **k: real_connect(*a, factory=Flaky, **k))
    db = tmp_path / "feedback.sqlite"
    record(db, "äldre på Gotland", ["aldre/gotland"], "upp")
    assert len(refusals) == 2
    monkeypatch.undo()
    assert [v.question for v in votes(db)] == ["äldre på Gotland"]
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_old_jsonl_file_is_imported_once(tmp_path):
    legacy = tmp_path / "feedback.jsonl"
    legacy.write_text('{"time": "2026-11-01T10:00:00+00:00", "question": "äldre", "entry_ids": ["a"], '
                      '"verdict": "ner", "answer_id": "x"}\n{trasig rad\n', "utf-8")
    db = tmp_path / "feedback.sqlite"
    assert import_legacy(db) == 1
    assert import_legacy(db) == 0  # a restart imports nothing twice
    assert [(v.time, v.question, v.verdict) for v in votes(db)] == [("2026-11-01T10:00:00+00:00", "äldre", "ner")]
    assert legacy.exists()  # the old file is left as it was


def test_summary_names_the_days_the_disliked_questions_and_entries(tmp_path):
    db = tmp_path / "f.sqlite"
    for n in range(3):
        record(db, "Vad görs i Skåne?", ["a", "b"], "ner", answer_id=f"s{n}")
    record(db, "vad görs i  skåne?", ["a"], "ner", answer_id="s9")  # the same question, typed differently
    record(db, "äldre", ["b"], "upp", answer_id="u1")
    text = summary(votes(db), {"a": "Malmö stad"})
    assert "5 omdömen gäller (1 upp, 4 ner)" in text
    assert "4 × ”Vad görs i Skåne?”" in text and "a (Malmö stad), b" in text
    assert "  4 av   4  a (Malmö stad)" in text and "  3 av   4  b" in text
    assert "upp    1  ner    4" in text


def test_disliked_questions_become_a_draft_gold_file_that_eval_accepts(tmp_path):
    from assistant.tools.evaluation import load_gold

    db = tmp_path / "f.sqlite"
    record(db, "Vad görs i Skåne?", ["allman-information/lunds-kommun"], "ner", answer_id="1")
    record(db, "vad görs i skåne?", [], "ner", answer_id="2")
    record(db, "äldre", [], "upp", answer_id="3")
    rows = draft_gold(votes(db))
    assert [r["query"] for r in rows] == ["Vad görs i Skåne?"] and rows[0]["relevant"] == {}
    assert rows[0]["visade"] == ["allman-information/lunds-kommun"]
    write_draft_gold(tmp_path / "utkast.jsonl", rows)
    warnings: list[str] = []
    gold = load_gold(tmp_path / "utkast.jsonl", known_ids=frozenset({"allman-information/lunds-kommun"}),
                     warn=warnings.append)
    assert [g.query for g in gold] == ["Vad görs i Skåne?"] and warnings == []


# -- the JSON API --------------------------------------------------------------------------------------------

@pytest.fixture()
def api(small, tmp_path):
    from fastapi.testclient import TestClient

    from assistant.api import BodyLimit, json_api

    app = json_api(small, tmp_path / "feedback.sqlite")
    return TestClient(BodyLimit(app)), tmp_path / "feedback.sqlite"


def test_api_answers_the_record_of_ask(api, small):
    from assistant.query import Question

    client, _ = api
    r = client.post("/api/fraga", json={"fråga": "vad finns för äldre på Gotland?", "k": 3})
    assert r.status_code == 200
    expected = small.ask(Question("vad finns för äldre på Gotland?", k=3)).to_record(entries=True)
    assert r.json() == json.loads(json.dumps(expected))
    r = client.post("/api/fraga", json={"fråga": "vad finns?", "målgrupp": "Äldre"})
    assert r.status_code == 200 and "Äldre" in r.json()["groups"]


@pytest.mark.parametrize("body, words", [
    ({}, "fråga saknas"), ({"fråga": "x", "k": 0}, "k ska vara minst 1"), ({"fråga": "x", "k": 101}, "högst 100"),
    ({"fråga": "   "}, "skriv en fråga"), ({"fråga": "x", "län": "Mars"}, "okänt län 'Mars'"),
    ({"fråga": "x", "målgrupp": "Katter"}, "okänd målgrupp"), ({"fråga": "x", "extra": 1}, "extra är inget känt fält"),
    ({"fråga": "å" * 10_001}, "för lång"), ({"fråga": 5}, "fråga ska vara text"),
])
def test_api_refuses_bad_input_with_a_swedish_422(api, body, words):
    client, _ = api
    r = client.post("/api/fraga", json=body)
    assert r.status_code == 422 and words in r.json()["fel"], r.json()


def test_api_refuses_a_body_over_the_cap_with_413_whether_or_not_it_says_its_length(api):
    client, _ = api
    big = json.dumps({"fråga": "a" * 70_000})
    r = client.post("/api/fraga", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "för stor" in r.json()["fel"]

    def chunks():
        for _ in range(20):
            yield b"a" * 8192

    r = client.post("/api/fraga", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = client.post("/api/fraga", content=b"inte json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "ingen giltig JSON" in r.json()["fel"]


def test_api_records_votes_and_refuses_unknown_entries(api, small):
    client, db = api
    some_id = small.kb.document.entries[0].id
    r = client.post("/api/aterkoppling", json={"fråga": "äldre", "poster": [some_id], "omdöme": "upp"})
    assert r.status_code == 200 and r.json()["sparad"] is True
    r = client.post("/api/aterkoppling", json={"fråga": "äldre", "poster": ["<script>"], "omdöme": "upp"})
    assert r.status_code == 422 and "okända post-id" in r.json()["fel"]
    r = client.post("/api/aterkoppling", json={"fråga": "äldre", "omdöme": "kanske"})
    assert r.status_code == 422 and "'upp' eller 'ner'" in r.json()["fel"]
    assert [(v.question, v.entry_ids) for v in votes(db)] == [("äldre", (some_id,))]


def test_api_describes_itself(api):
    client, _ = api
    schema = client.get("/api/openapi.json").json()
    assert {"/api/fraga", "/api/aterkoppling"} <= set(schema["paths"])
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/api/fraga" in page.text and "fråga" in page.text
    # Offline: the page loads nothing from elsewhere (FastAPI's Swagger page took its script from a CDN).
    assert "http://" not in page.text and "https://" not in page.text and "<script" not in page.text
