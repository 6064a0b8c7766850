"""The benchmark's building blocks work (timings are measured by `insatsguiden bench`, never asserted here)."""

from conftest import ask

from assistant.tools.benchmark import scale, synthetic_index, to_markdown, warm
from assistant.tools.stats import pct


def test_synthetic_corpus_keeps_the_real_entries_and_answers_like_the_real_one(assistant):
    kb, vectors = synthetic_index(assistant.kb, 300)
    n = len(assistant.kb.ids)
    assert len(kb.ids) == 300 == kb.dense.ntotal == len(set(kb.ids))
    assert kb.ids[:n] == [f"{i}#{k}" for k, i in enumerate(assistant.kb.ids)]
    assert abs(float((vectors ** 2).sum(axis=1).mean()) - 1.0) < 1e-4
    from assistant.pipeline import Assistant
    from assistant.retrieval import Ranker

    hits = ask(Assistant(kb, Ranker(kb), assistant.settings), "vad finns för äldre på Gotland?").hits
    assert {h.entry_id.split("#")[0] for h in hits} >= {"aldre/gotland", "aldre/region-gotland"}


def test_scale_and_report_have_every_figure(assistant):
    rows = scale(assistant, ["äldre på Gotland", "hedersrelaterat våld"], [400])
    (row,) = rows
    assert row["entries"] == 400 and row["full_p50_ms"] > 0 and row["flat_mb"] > 0
    assert set(row["ann"]) >= {"HNSW32 ef64", "HNSW32 ef256"} and any(k.startswith("IVF") for k in row["ann"])
    assert all(0.0 <= a["recall@10"] <= 1.0 for a in row["ann"].values())
    w = warm(assistant, ["äldre på Gotland", "Vad görs i Skåne?"], repeats=1)
    assert w["questions"] == 2 and w["ratio_p50"] > 0 and w["ratio_mean"] > 0
    results = {"warm": w, "cold": {"runs": 1, "python_ms": 1.0, "floor_ms": 2.0, "cli_help_ms": 1.0, "ask_ms": 2.5,
                                   "ask_over_floor_ms": 0.5, "ratio": 1.25, "ask_topic_ms": 3.0, "topic_ratio": 1.5},
               "build": {"entries": 56, "runs": 1, "build_median_ms": 3.0}, "scale": rows,
               "machine": {"date": "2026-11-26", "cpus": 2, "python": "3.11", "torch": "x", "torch_threads": 1,
                           "faiss": "y", "model": "m"}}
    md = to_markdown(results, [400])
    assert "| 400 |" in md and "HNSW32 ef256" in md and "1.25×" in md and "(1.50×)" in md
    assert pct([1.0, 2.0, 3.0], 50) == 2.0
