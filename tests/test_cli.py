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
    assert out.returncode == 2 and "k ska vara mellan 1 och 100" in out.stderr and "Traceback" not in out.stderr
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


def test_eval_with_own_gold_names_every_problem_then_reports_outside_the_project(workdir, assistant, tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    before = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
    bad = tmp_path / "mine.jsonl"
    bad.write_text("\n".join([
        '{"qid": "q1", "query": "vad finns för äldre på Gotland?", "type": "place_group", "relevant": {"aldre/gotlnd": 2}}',
        '{"qid": "q2", "query": "Hur söker jag bygglov?", "type": "no_answer"}',
        '{"qid": "q1", "query": "Vad görs i Malmö?", "type": "place", "relevant": {"barn-och-unga/malmo-stad": 2}}',
    ]) + "\n", "utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "assistant.cli", "eval", "--gold", str(bad), "--compare", "",
           "--corpus", str(workdir / "corpus"), "--index", str(workdir / "index")]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "rad 2: saknar relevant" in out.stderr
    assert "rad 3: qid q1 finns redan på rad 1" in out.stderr
    bad.write_text(bad.read_text("utf-8").replace('"no_answer"}', '"no_answer", "relevant": {}}'), "utf-8")
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert out.returncode == 1 and "okänt post-id 'aldre/gotlnd' (menar du aldre/gotland" in out.stderr
    bad.write_text(bad.read_text("utf-8").replace("gotlnd", "gotland"), "utf-8")
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert out.returncode == 0, out.stderr
    folders = list((tmp_path / "insatsguiden-utvardering").iterdir())
    assert len(folders) == 1 and str(folders[0]) in out.stderr
    report = (folders[0] / "report.md").read_text("utf-8")
    assert (folders[0] / "metrics.png").exists() and any((folders[0] / "runs").iterdir())
    assert f"insatsguiden-utvardering/{folders[0].name}/runs/" in report and "eval/runs" not in report
    after = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
    assert after == before
