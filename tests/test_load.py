"""Many users at once against the real server on loopback (kept short: 20 clients, 200 questions)."""

from __future__ import annotations

import json
import os
import shutil
import multiprocessing
from pathlib import Path

import pytest

from assistant.errors import FeedbackError
from assistant.feedback import record
from assistant.tools.loadtest import questions_from, require_loopback, run_feedback_load, run_load

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold.jsonl"


def _lines(path: Path) -> list:
    from assistant.feedback import votes

    return votes(path) if path.exists() else []


@pytest.mark.server
def test_twenty_clients_get_exactly_the_single_client_answers(server, capsys):
    questions = questions_from(GOLD, 200, distinct=40)
    report = run_load(server["url"], questions, clients=20)
    with capsys.disabled():
        print(f"\n[lasttest] {report.summary()}")
    assert report.errors == ()
    assert report.mismatches == ()
    assert len(report.latencies_ms) == 200 and report.p95 >= report.p50 > 0
    assert report.ok and "0 fel, 0 avvikande svar" in report.summary()


@pytest.mark.server
def test_twenty_clients_on_the_json_api_get_the_records_of_ask(server, assistant, capsys):
    from assistant.tools.loadtest import in_process

    questions = questions_from(GOLD, 200, distinct=40)
    reference, floor = in_process(assistant, list(dict.fromkeys(questions)))
    report = run_load(server["url"], questions, clients=20, route="/api/fraga", reference=reference)
    with capsys.disabled():
        print(f"\n[lasttest] {report.summary()}")
    assert report.errors == () and report.mismatches == () and len(report.latencies_ms) == 200


@pytest.mark.server
def test_twenty_clients_giving_feedback_at_once_lose_no_line(server):
    path = server["feedback"]
    before = _lines(path)
    sent, failures = run_feedback_load(server["url"], clients=20, per_client=5)
    assert failures == [] and sent == 100
    rows = _lines(path)[len(before):]
    assert len(rows) == 100
    assert {r.question for r in rows} == {f"klient {n} fråga {i} äldre på Gotland" for n in range(20) for i in range(5)}
    assert all(r.entry_ids == ("aldre/gotland", "aldre/region-gotland") for r in rows)
    # ... and the maintainers' summary reads them all
    from assistant.feedback import votes
    from assistant.tools.feedback_report import summary

    from assistant.feedback import verdicts

    assert summary(votes(path)).startswith(f"{len(verdicts(votes(path)))} omdömen gäller")


@pytest.mark.server
def test_feedback_api_refuses_what_it_cannot_save(server, client):
    path = server["feedback"]
    before = len(_lines(path))
    r = client.predict("äldre", "aldre/gotland", "kanske", api_name="/aterkoppling")
    assert r["saved"] is False and "'upp' eller 'ner'" in r["message"]
    r = client.predict("äldre", "aldre/gotland, <script>", "upp", api_name="/aterkoppling")
    assert r["saved"] is False and "Okända post-id" in r["message"]
    import urllib.request

    req = urllib.request.Request(server["url"] + "api/aterkoppling", method="POST",
                                 data='{"fråga": "äldre", "poster": ["<script>"], "omdöme": "upp"}'.encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=30)
        raise AssertionError("an unknown id was accepted")
    except urllib.error.HTTPError as exc:
        assert exc.code == 422 and "okända post-id" in json.loads(exc.read())["fel"]
    assert len(_lines(path)) == before


def _writer(path: str, n: int, count: int) -> None:
    for i in range(count):
        record(Path(path), f"process {n} rad {i} " + "å" * 3000, [f"id-{n}-{i}"], "upp")


def test_processes_writing_the_same_database_lose_no_vote(tmp_path):
    path = tmp_path / "feedback.sqlite"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), n, 150)) for n in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert all(p.exitcode == 0 for p in procs)
    rows = _lines(path)
    assert len(rows) == 600
    assert sorted(r.entry_ids[0] for r in rows) == sorted(f"id-{n}-{i}" for n in range(4) for i in range(150))


def test_feedback_to_a_folder_that_cannot_be_written_says_so(tmp_path):
    blocker = tmp_path / "inte-en-mapp"
    blocker.write_text("en fil, ingen mapp")
    with pytest.raises(FeedbackError, match="kunde inte sparas i"):
        record(blocker / "feedback.sqlite", "äldre", [], "upp")
    with pytest.raises(ValueError):
        record(tmp_path / "feedback.sqlite", "äldre", [], "kanske")
    assert not (tmp_path / "feedback.sqlite").exists()


def test_load_test_only_talks_to_loopback():
    for url in ("http://example.com/", "http://10.0.0.1:7860/", "http://0.0.0.0:7860/"):
        with pytest.raises(ValueError, match="127.0.0.1"):
            require_loopback(url)
    require_loopback("http://127.0.0.1:7860/")


def test_start_up_check_names_the_folder_that_cannot_be_written(tmp_path):
    from assistant.feedback import check_writable

    assert check_writable(tmp_path / "ny" / "feedback.sqlite") is None
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    assert "ingen mapp" in check_writable(blocker / "feedback.sqlite")
    assert "ingen vanlig fil" in check_writable(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder: see the setpriv test below")
def test_read_only_folder(tmp_path):
    from assistant.feedback import check_writable

    locked = tmp_path / "låst"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert "skrivskyddad" in check_writable(locked / "feedback.sqlite")
        with pytest.raises(FeedbackError, match="kunde inte sparas"):
            record(locked / "feedback.sqlite", "äldre", [], "upp")
    finally:
        locked.chmod(0o700)


READ_ONLY_CHECK = """
import sys
from pathlib import Path
from assistant.feedback import FeedbackError, check_writable, record
target = Path(sys.argv[1]) / "feedback.sqlite"
print(check_writable(target))
try:
    record(target, "äldre", [], "upp")
except FeedbackError as exc:
    print("FeedbackError", exc)
"""


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="only needed when tests run as root")
def test_read_only_folder_as_an_ordinary_user(tmp_path):
    """Root may write anywhere, so the read-only case is run as the user nobody."""
    import subprocess
    import sys
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="insatsguiden-ro-"))
    try:
        base.chmod(0o755)
        (base / "låst").mkdir(mode=0o555)
        (base / "stängd").mkdir(mode=0o700)
        root = Path(__file__).resolve().parent.parent
        for name, expected in (("låst", "skrivskyddad"), ("stängd", "går inte att nå")):
            out = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
                                  "-c", READ_ONLY_CHECK, str(base / name)], capture_output=True, text=True,
                                 cwd=root, timeout=60, env={**os.environ, "PYTHONPATH": str(root)})
            assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
            first, second = out.stdout.splitlines()
            assert expected in first and second.startswith("FeedbackError") and "kunde inte sparas" in second
        assert not (base / "låst" / "feedback.sqlite").exists()
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.server
def test_server_with_an_unwritable_feedback_file_says_so_and_keeps_answering(workdir, assistant, tmp_path):
    from conftest import start_server
    from gradio_client import Client

    blocker = tmp_path / "en-fil"
    blocker.write_text("ingen mapp")
    proc, url = start_server(workdir, blocker / "feedback.sqlite", tmp_path / "serve.log")
    try:
        c = Client(url, verbose=False)
        r = c.predict("vad finns för äldre på Gotland?", "", "", 10, api_name="/svara")
        assert sorted(h["id"] for h in r["hits"]) == ["aldre/gotland", "aldre/region-gotland"]
        r = c.predict("äldre", "aldre/gotland", "upp", api_name="/aterkoppling")
        assert r["saved"] is False and "kunde inte sparas" in r["message"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    log = (tmp_path / "serve.log").read_text("utf-8")
    notes = [line for line in log.splitlines() if "tumme upp/ner kan inte sparas" in line]
    assert len(notes) == 1 and "ingen mapp" in notes[0] and "--feedback" in notes[0]
    assert "Traceback" not in log and blocker.read_text() == "ingen mapp"


def test_load_report_catches_an_answer_that_differs(monkeypatch):
    """The comparison can fail: a client that gets another answer than the single client is reported."""
    from assistant.tools import loadtest

    calls = {"b": 0}

    class Drifting:
        def predict(self, question, *args, api_name):
            if question == "b":
                calls["b"] += 1
            return {"answer": question + ("!" if question == "b" and calls["b"] > 1 else "")}

    monkeypatch.setattr(loadtest, "_client", lambda url: Drifting())
    report = loadtest.run_load("http://127.0.0.1:9/", ["a", "b", "a", "b"], clients=2)
    assert report.mismatches and not report.ok and report.errors == ()
