"""The command line, run as a user runs it (a real subprocess)."""

import json
import os
import subprocess
import sys

from conftest import free_port


def run(args, workdir, stdin=None):
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "assistant.cli", *args, "--corpus", str(workdir / "corpus"),
           "--index", str(workdir / "index")]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, timeout=300)


def test_ask_json(workdir, assistant):
    out = run(["ask", "vad finns för äldre på Gotland?", "--json"], workdir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert sorted(h["id"] for h in data["hits"]) == ["aldre/gotland", "aldre/region-gotland"]
    assert data["places"] == ["Gotland"] and data["abstained"] is False


def test_batch_reads_stdin_one_json_per_line(workdir, assistant):
    out = run(["ask", "--batch", "-", "-k", "3"], workdir, stdin="Vad görs i Skåne?\n\nHur söker jag bygglov?\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["question"] for r in rows] == ["Vad görs i Skåne?", "Hur söker jag bygglov?"]
    assert len(rows[0]["hits"]) == 3 and rows[1]["abstained"] is True
    assert set(rows[0]) >= {"question", "places", "groups", "hits", "abstained", "answer"}


def test_filters_from_the_command_line(workdir, assistant):
    out = run(["ask", "vad finns?", "--json", "--grupp", "Barn och unga", "--lan", "Skåne län"], workdir)
    assert out.returncode == 0, out.stderr
    assert [h["id"] for h in json.loads(out.stdout)["hits"]] == ["barn-och-unga/malmo-stad"]
    out = run(["ask", "äldre", "--grupp", "Katter"], workdir)
    assert out.returncode == 2 and "okänd målgrupp" in out.stderr and "Traceback" not in out.stderr


def test_bad_arguments_get_a_clear_message(workdir, assistant):
    out = run(["ask", "äldre", "-k", "0"], workdir)
    assert out.returncode == 2 and "-k ska vara" in out.stderr and "Traceback" not in out.stderr
    out = run(["ask", "--batch", str(workdir / "saknas.txt")], workdir)
    assert out.returncode == 2 and "kan inte läsa" in out.stderr and "Traceback" not in out.stderr


def test_load_command_runs_a_small_load_and_refuses_other_hosts(workdir, assistant):
    out = run(["load", "--clients", "3", "--questions", "9", "--feedback"], workdir)
    assert out.returncode == 0, out.stderr
    assert "9 frågor från 3 samtidiga klienter" in out.stdout and "0 fel, 0 avvikande svar" in out.stdout
    assert "Återkoppling: 15 av 15 sparade" in out.stdout
    out = run(["load", "--url", "http://example.com:7860/"], workdir)
    assert out.returncode == 2 and "127.0.0.1" in out.stderr and "Traceback" not in out.stderr
    out = run(["load", "--url", f"http://127.0.0.1:{free_port()}/"], workdir)  # nothing listens there
    assert out.returncode == 1 and "svarar inte som Insatsguiden" in out.stderr and "Traceback" not in out.stderr
    out = run(["load", "--clients", "0"], workdir)
    assert out.returncode == 2 and "--clients" in out.stderr


def test_bench_refuses_bad_sizes(workdir):
    for sizes in ("tusen", "0", "5000000"):
        out = run(["bench", "--sizes", sizes], workdir)
        assert out.returncode == 2 and "Fel:" in out.stderr and "Traceback" not in out.stderr
