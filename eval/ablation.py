"""Which hand-made parts still earn their place: the full system with one part switched off, on the test
split (as the issue asks: "keep only what an ablation shows still helps on the test split").

    .venv/bin/python eval/ablation.py      # writes eval/ablation.md
"""

from __future__ import annotations

import dataclasses
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from assistant import query  # noqa: E402
from assistant.lexical import Analyzer  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.thresholds import PolicyConfig, RankingConfig  # noqa: E402
from assistant.tools.evaluation import evaluate, load_split  # noqa: E402


@contextmanager
def nothing():
    yield


@contextmanager
def _both(first, second):
    with first, second:
        yield


VARIANTS = {
    "hela systemet": (nothing, {}),
    "utan engelsk ordlista (GLOSSARY)": (lambda: mock.patch.object(query, "GLOSSARY", {}), {}),
    "utan sammansättningar i korpusord (instagram → instagramkontot, foldrar → informationsfoldrar)":
        (lambda: mock.patch.object(Analyzer, "compounds_with", lambda self, w, limit=3, ending_only=False: ()), {}),
    "utan ordformer och sammansättningars sista led (väntrummen → väntrum, orosanmälningar → anmälningar)":
        (lambda: _both(mock.patch.object(Analyzer, "forms_of", lambda self, w: ()),
                       mock.patch.object(Analyzer, "head_of", lambda self, w: ())), {}),
    "utan rättning av bokstäver i fel ordning (vlåd → våld)":
        (lambda: mock.patch.object(query, "_transposed", lambda w, known: None), {}),
    "utan vardagsordsprovet (alla okända ord räknas som vardagsord)": (nothing, {"keep_similarity": -1.0}),
    "utan märkta svar från betydelse när ett ämnesord saknas (meaning_floor av)": (nothing, {"meaning_floor": 2.0}),
    "utan ämnessvar från betydelse enbart (dense_floor av)": (nothing, {"dense_floor": 2.0}),
    "med målgrupp från betydelse (0,85 / 0,02)": (nothing, {"group_floor": 0.85, "group_margin": 0.02}),
    "utan närliggande korpusord för ett saknat ämnesord (reklam → kampanj; related_floor av)":
        (nothing, {"related_floor": 1.0}),
    "utan meningsvektorer (postens hela text enbart; sentence_weight 0)": (nothing, {}, {"sentence_weight": 0.0}),
}


def main() -> None:
    test = load_split("test")
    assistant = Assistant.open(say=lambda m: None)
    lines = ["# Ablation on the test split", "",
             f"{len(test)} test questions (eval/splits.json), full system, model `{assistant.kb.embedder.name}`. "
             "Each row switches one part off (or on).", "",
             "| variant | nDCG@10 | R@10 | no-match rätt | felaktigt avböjda |", "|---|---|---|---|---|"]
    for name, (patch, policy, *ranking) in VARIANTS.items():
        assistant.policy = dataclasses.replace(PolicyConfig(), **policy)
        assistant.ranker.config = dataclasses.replace(RankingConfig(), **(ranking[0] if ranking else {}))
        with patch():
            s = evaluate(assistant, test, systems=("full",)).summary("full")
        lines.append(f"| {name} | {s['nDCG@10']:.3f} | {s['R@10']:.3f} | {s['no-match rätt']:.3f} | "
                     f"{s['felaktigt avböjda']:.3f} |")
        print(lines[-1], flush=True)
    assistant.policy, assistant.ranker.config = PolicyConfig(), RankingConfig()
    (HERE / "ablation.md").write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
