"""Choose the thresholds and weights on the dev split only, and write what was measured to eval/tuning.md.

    .venv/bin/python eval/tune.py

One value at a time is varied from the defaults in assistant/thresholds.py (PolicyConfig and
RankingConfig); every row is the full system on the dev questions: the dev half of
eval/gold.jsonl, eval/dev2.jsonl, eval/dev3.jsonl and eval/dev4.jsonl (the last three written from the
document alone). Test and blind are
never read here.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from assistant.pipeline import Assistant  # noqa: E402
from assistant.thresholds import PolicyConfig, RankingConfig  # noqa: E402
from assistant.tools.evaluation import evaluate, load_split  # noqa: E402

GRID = {
    ("ranking", "fusion"): ["linear", "minmax", "rrf"],
    ("ranking", "dense_weight"): [0.2, 0.3, 0.5, 0.7],
    ("ranking", "sentence_weight"): [0.0, 0.3, 0.5, 0.7, 1.0],
    ("policy", "relative_cutoff"): [0.1, 0.2, 0.35, 0.5],
    ("policy", "keep_similarity"): [0.92, 0.93, 0.94, 0.95, 0.96, 0.97],
    ("policy", "dense_floor"): [0.84, 0.86, 0.88, 0.90],
    ("policy", "meaning_floor"): [0.82, 0.84, 0.85, 0.86, 0.88, 1.0],
    ("policy", "english_floor"): [0.76, 0.78, 0.80, 0.82, 0.88],
    ("policy", "dense_margin"): [0.0, 0.015, 0.03],
    ("policy", "dense_extra_margin"): [0.0, 0.01, 0.02, 0.03, 0.04, 0.05],
    ("policy", "place_topic_floor"): [0.82, 0.85, 0.88, 1.0],
    ("policy", "group_floor"): [0.83, 0.85, 0.87, 1.0],
    ("policy", "related_floor"): [0.85, 0.87, 0.88, 0.90, 0.92, 1.0],
    ("policy", "content_similarity"): [0.95, 0.975, 1.01],
    ("policy", "stand_in_margin"): [-0.01, 0.0, 0.01, 0.02, 1.0],
}
# Everything after this line in tuning.md is written by hand (the learned stages, what stays hand-set and why) and
# kept when the grid is measured again.
KEEP = "<!-- written by hand below: kept by eval/tune.py -->"


def restraint(result, gold) -> tuple[float, float]:
    """(share of no-answer questions refused outright, share of directly answerable ones labelled inexact): a
    labelled fallback counts as right for a no-answer question, so these keep a threshold from buying that
    with labels on everything."""
    run = result.runs["full"]
    none = [g for g in gold if not g.relevant]
    strong = [g for g in gold if 2 in g.relevant.values()]
    refused = sum(run.abstained[g.qid] for g in none) / len(none)
    labelled = sum(run.labelled[g.qid] and not run.abstained[g.qid] for g in strong) / len(strong)
    return refused, labelled


def main() -> None:
    dev = load_split("dev") + load_split("dev2") + load_split("dev3") + load_split("dev4") + load_split("dev5") + load_split("dev6") + load_split("dev7") + load_split("dev8")
    base = Assistant.open(say=lambda m: None)
    lines = ["# Tuning on the dev split", "",
             f"{len(dev)} dev questions (half of eval/gold.jsonl by eval/splits.json, eval/dev2.jsonl, eval/dev3.jsonl and "
             f"eval/dev4.jsonl); full system, model "
             f"`{base.kb.embedder.name}`. One value varied at a time from the defaults; **bold** = the default.", "",
             "Beside the report's columns: *no-match avböjda* is the share of questions without an answer in the "
             "material that are refused outright (not only labelled), *märkta fast exakta finns* the share of questions "
             "with a directly answering entry (grade 2) whose answer is still labelled inexact.", "",
             "| setting | value | nDCG@10 | R@10 | andel relevanta av visade | no-match rätt | no-match avböjda | "
             "märkta fast exakta finns | felaktigt avböjda |",
             "|---|---|---|---|---|---|---|---|---|"]
    for (kind, name), values in GRID.items():
        default = getattr(base.ranker.config if kind == "ranking" else base.policy, name)
        for value in values:
            if kind == "ranking":
                base.ranker.config = dataclasses.replace(RankingConfig(), **{name: value})
                base.policy = PolicyConfig()
            else:
                base.ranker.config = RankingConfig()
                base.policy = dataclasses.replace(PolicyConfig(), **{name: value})
            result = evaluate(base, dev, systems=("full",))
            s, refused, labelled = result.summary("full"), *restraint(result, dev)
            mark = "**" if value == default else ""
            lines.append(f"| {name} | {mark}{value}{mark} | {s['nDCG@10']:.3f} | {s['R@10']:.3f} | "
                         f"{s['andel relevanta av visade']:.3f} | {s['no-match rätt']:.3f} | {refused:.3f} | "
                         f"{labelled:.3f} | {s['felaktigt avböjda']:.3f} |")
            print(lines[-1], flush=True)
    lines += ["", "Fusion × dense weight together:", "", "| fusion | dense weight | nDCG@10 | R@10 |", "|---|---|---|---|"]
    base.policy = PolicyConfig()
    for fusion in ("linear", "minmax", "rrf"):
        for weight in (0.3, 0.5, 0.7):
            base.ranker.config = RankingConfig(fusion=fusion, dense_weight=weight)
            s = evaluate(base, dev, systems=("full",)).summary("full")
            lines.append(f"| {fusion} | {weight} | {s['nDCG@10']:.3f} | {s['R@10']:.3f} |")
            print(lines[-1], flush=True)
    base.ranker.config, base.policy = RankingConfig(), PolicyConfig()
    path = HERE / "tuning.md"
    old = path.read_text("utf-8") if path.is_file() else ""
    kept = old[old.index(KEEP):] if KEEP in old else ""
    path.write_text("\n".join(lines) + "\n" + ("\n" + kept if kept else ""), "utf-8")


if __name__ == "__main__":
    main()
