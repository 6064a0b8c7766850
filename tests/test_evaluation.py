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


def test_full_system_meets_the_quality_floor(assistant):
    gold = load_gold(ROOT / "eval" / "gold.jsonl")
    ev = evaluate(assistant, gold, systems=("lexical", "full"))
    full = ev.summary("full")
    assert full["nDCG@10"] >= 0.90
    assert full["no-match rätt"] >= 0.9 and full["felaktigt avböjda"] < 0.02
    assert full["nDCG@10"] > ev.summary("lexical")["nDCG@10"]
