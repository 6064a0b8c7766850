from pathlib import Path

import pytest

from assistant.errors import GoldError
from assistant.tools.evaluation import SystemRun, abstention, evaluate, load_gold, per_query

ROOT = Path(__file__).resolve().parent.parent


def test_gold_set_covers_what_the_issue_asks_for():
    gold = load_gold(ROOT / "eval" / "gold.jsonl")
    assert len(gold) >= 150
    types = {g.type for g in gold}
    assert {"place_group", "group", "place", "county", "topic", "detail", "empty_section", "unanswerable",
            "english", "typo"} <= types


def test_metrics_are_right_on_toy_runs():
    from assistant.tools.evaluation import GoldQuery

    gold = [GoldQuery("a", "x", "t", {"d1": 2, "d2": 1}), GoldQuery("b", "y", "t", {})]
    perfect = SystemRun("p", {"a": ["d1", "d2"], "b": []}, {"a": False, "b": True})
    wrong = SystemRun("w", {"a": ["d9", "d2"], "b": ["d1"]}, {"a": False, "b": False})
    assert per_query(perfect, gold)["nDCG@10"]["a"] == pytest.approx(1.0)
    assert per_query(wrong, gold)["MRR@10"]["a"] == pytest.approx(0.5)
    assert per_query(wrong, gold)["R@10"]["a"] == pytest.approx(0.5)
    assert abstention(perfect, gold) == (1.0, 0.0)
    assert abstention(wrong, gold) == (0.0, 0.0)


def test_qrels_format_with_queries_file(tmp_path):
    (tmp_path / "q.tsv").write_text("q1\tvad finns för äldre på Gotland?\nq2\tHur söker jag bygglov?\n", "utf-8")
    (tmp_path / "qrels.txt").write_text("q1 0 aldre/gotland 2\nq1 0 aldre/region-gotland 2\nq2 0 x 0\n", "utf-8")
    gold = load_gold(tmp_path / "qrels.txt", tmp_path / "q.tsv")
    assert gold[0].relevant == {"aldre/gotland": 2, "aldre/region-gotland": 2} and gold[1].relevant == {}
    with pytest.raises(GoldError, match="--queries"):
        load_gold(tmp_path / "qrels.txt")
    (tmp_path / "bad.jsonl").write_text('{"qid": "a", "query": "x"}\n{oops\n', "utf-8")
    with pytest.raises(GoldError, match="rad 2"):
        load_gold(tmp_path / "bad.jsonl")


def test_splits_cover_the_gold_set_once_with_every_type_in_both_halves():
    from assistant.tools.evaluation import load_split

    gold = load_gold(ROOT / "eval" / "gold.jsonl")
    dev, test = load_split("dev"), load_split("test")
    assert sorted(g.qid for g in dev + test) == sorted(g.qid for g in gold)
    assert {g.type for g in dev} == {g.type for g in test} == {g.type for g in gold}
    blind, dev2, dev3 = load_split("blind"), load_split("dev2"), load_split("dev3")
    assert len(blind) >= 150 and sum(not g.relevant for g in blind) >= 20
    assert any(g.previous for g in blind) and any(g.previous for g in dev2) and any(g.previous for g in dev3)


def test_questions_shared_with_the_tuning_sets_are_found_by_their_text():
    # Writers who never saw each other's sets still ask some of the same things ("Närke", "Blekinge"); the report
    # shows blind without those too.
    from assistant.tools.evaluation import GoldQuery, shared_questions

    tuned = [GoldQuery("d1", "Närke", "province", {}), GoldQuery("d2", "och i Malmö?", "followup", {}, "äldre")]
    blind = [GoldQuery("b1", " närke ", "province", {}), GoldQuery("b2", "och i Malmö?", "followup", {}, "barn"),
             GoldQuery("b3", "Blekinge", "place", {})]
    assert shared_questions(blind, tuned) == {"b1"}  # a follow-up is the same question only after the same one


def test_full_system_meets_the_quality_floor_on_the_test_split(assistant):
    from assistant.tools.evaluation import load_split

    ev = evaluate(assistant, load_split("test"), systems=("lexical", "full"))
    full = ev.summary("full")
    assert full["nDCG@10"] >= 0.95
    assert full["no-match rätt"] >= 0.85 and full["felaktigt avböjda"] < 0.02
    assert full["nDCG@10"] > ev.summary("lexical")["nDCG@10"]


def test_run_files_let_trec_eval_recompute_the_numbers(tmp_path):
    from assistant.tools.evaluation import Evaluation, GoldQuery, write_runs

    gold = [GoldQuery("a", "x", "t", {"d1": 2, "d2": 1}), GoldQuery("b", "y", "t", {})]
    run = SystemRun("full", {"a": ["d2", "d1"], "b": []}, {"a": False, "b": True}, {}, {"a": False, "b": True})
    ev = Evaluation(gold, {"full": run}, {"full": per_query(run, gold)})
    write_runs({("test", "m"): ev}, tmp_path)
    import ir_measures

    qrels = list(ir_measures.read_trec_qrels(str(tmp_path / "test.qrels")))
    scored = list(ir_measures.read_trec_run(str(tmp_path / "test-m-full.run")))
    again = ir_measures.calc_aggregate([ir_measures.nDCG @ 10], qrels, scored)
    assert again[ir_measures.nDCG @ 10] == pytest.approx(ev.summary("full")["nDCG@10"])
    assert (tmp_path / "test-m-per-question.csv").read_text("utf-8").startswith("qid,type,query,system")


# -- an outsider's own gold file (issue 16) ------------------------------------------------------------------

def _toy_results(split_names):
    from assistant.tools.evaluation import Evaluation, GoldQuery

    gold = [GoldQuery("a", "x", "place", {"d1": 2}), GoldQuery("b", "y", "no_answer", {})]
    runs = {s: SystemRun(s, {"a": ["d1"], "b": []}, {"a": False, "b": True}) for s in ("dense", "full")}
    return {(name, "m"): Evaluation(gold, runs, {s: per_query(r, gold) for s, r in runs.items()})
            for name in split_names}


def _tables(markdown: str) -> list[list[int]]:
    """Cells per row of every table a GFM parser sees."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables, cells = [], None
    for t in tokens:
        if t.type == "table_open":
            tables.append([])
        elif t.type == "tr_open":
            cells = 0
        elif t.type in ("th_open", "td_open"):
            cells += 1
        elif t.type == "tr_close":
            tables[-1].append(cells)
    return tables


@pytest.mark.parametrize("names", [["mine"], ["dev", "test"], ["dev", "dev2", "test", "blind", "blind2"], ["blind2"],
                                   ["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "test", "blind", "blind2", "blind3"]])
def test_every_report_table_parses_with_as_many_cells_as_its_header(names):
    from assistant.tools.evaluation import report_markdown

    text = report_markdown(_toy_results(names), "m", {}, runs_dir="ut/runs/")
    tables = _tables(text)
    pipes = sum(line.startswith("|---") for line in text.splitlines())
    assert tables and len(tables) == pipes  # every separator line opened a table the parser saw
    for rows in tables:
        assert len(set(rows)) == 1, rows
    assert "ut/runs/" in text and "eval/runs/" not in text


def test_report_counts_agree_in_swedish():
    from assistant.tools.evaluation import Evaluation, GoldQuery, report_markdown

    gold = [GoldQuery("a", "x", "place", {"d1": 2})]
    run = SystemRun("full", {"a": ["d1"]}, {"a": False})
    text = report_markdown({("mine", "m"): Evaluation(gold, {"full": run}, {"full": per_query(run, gold)})}, "m", {})
    assert "1 fråga (1 besvarbar, 0 där" in text and "1 frågor" not in text


def test_report_names_the_tuning_splits_it_holds():
    from assistant.tools.evaluation import report_markdown

    text = report_markdown(_toy_results(["dev", "dev5", "dev6", "test"]), "m", {})
    assert "Bara dev, dev5 och dev6 har använts för att välja trösklar" in text
    gap = report_markdown(_toy_results(["dev", "dev5", "dev6", "blind3"]), "m", {})
    assert "”Inställningsfrågorna” är dev, dev5 och dev6 tillsammans" in gap
    assert "har använts för att välja" not in report_markdown(_toy_results(["test", "blind3"]), "m", {})


def test_gold_file_problems_are_all_named_with_their_lines_before_any_run(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join([
        '{"qid": "q1", "query": "vad finns för äldre på Gotland?", "relevant": {"aldre/gotlnd": 2}}',
        '{"qid": "q2", "query": "Hur söker jag bygglov?"}',
        '{"qid": "q3", "query": "x", "relevant": {"aldre/gotland": 3}}',
        '{"qid": "q1", "query": "samma qid", "relevant": {}}',
    ]) + "\n", "utf-8")
    known = frozenset({"aldre/gotland", "aldre/region-gotland", "barn-och-unga/malmo-stad"})
    with pytest.raises(GoldError) as err:
        load_gold(path, known_ids=known)
    text = err.value.user_message()
    assert "rad 2: saknar relevant" in text and '"relevant": {}' in text
    assert "rad 3: betygen ska vara 0, 1 eller 2" in text
    path.write_text(path.read_text("utf-8").replace('{"qid": "q2", "query": "Hur söker jag bygglov?"}',
                                                    '{"qid": "q2", "query": "Hur söker jag bygglov?", "relevant": {}}')
                    .replace('"aldre/gotland": 3', '"aldre/gotland": 0'), "utf-8")
    warnings: list[str] = []
    with pytest.raises(GoldError) as err:
        load_gold(path, known_ids=known, warn=warnings.append)
    assert "rad 1: okänt post-id 'aldre/gotlnd' (menar du aldre/gotland" in err.value.user_message()
    assert any("rad 4: qid q1 finns redan på rad 1" in w for w in warnings)
    path.write_text(path.read_text("utf-8").replace("gotlnd", "gotland"), "utf-8")
    gold = load_gold(path, known_ids=known, warn=lambda w: None)
    assert [g.qid for g in gold] == ["q1", "q2", "q3"]
    assert gold[1].relevant == {} and gold[2].relevant == {}  # grade 0 is "not relevant", as in qrels


def test_an_unknown_type_is_warned_about_and_the_known_ones_are_named(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"qid": "a", "query": "x", "type": "plase", "relevant": {}}\n', "utf-8")
    warnings: list[str] = []
    load_gold(path, warn=warnings.append)
    assert len(warnings) == 1 and "'plase'" in warnings[0] and "place_group" in warnings[0]


def test_own_gold_reports_into_a_new_folder_of_the_working_folder(tmp_path, monkeypatch):
    import datetime as dt

    from assistant.cli import default_eval_out

    monkeypatch.chdir(tmp_path)
    out = default_eval_out(dt.datetime(2026, 12, 5, 21, 30, 0))
    assert out == tmp_path / "insatsguiden-utvardering" / "2026-12-05-213000"


def test_ids_lists_every_entry_with_its_organisation(capsys, small_corpus):
    from assistant.cli import main

    assert main(["eval", "--ids", "--corpus", str(small_corpus)]) == 0
    out = capsys.readouterr().out
    from assistant.corpus import load_document

    doc = load_document(small_corpus)
    for e in doc.entries:
        assert f"{e.id}" in out and e.organisation in out
