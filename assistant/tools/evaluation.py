"""Evaluation: gold questions → runs of four systems → IR metrics, abstention, significance, report.

Metrics come from ir_measures (trec_eval underneath). A question whose gold
is empty ({}) should be answered with "no match"; it counts for abstention,
not for the ranking metrics.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import ir_measures
from ir_measures import RR, R, nDCG
from scipy import stats

from ..errors import GoldError
from ..query import Question

SYSTEMS = ("dense", "lexical", "fused", "full")
MEASURES = {"nDCG@10": nDCG @ 10, "R@5": R @ 5, "R@10": R @ 10, "MRR@10": RR @ 10}


@dataclass(frozen=True)
class GoldQuery:
    qid: str
    query: str
    type: str
    relevant: dict[str, int]


def load_gold(path: Path, queries: Path | None = None) -> list[GoldQuery]:
    """JSON lines ({"qid","query","type","relevant"}) or TREC qrels ("qid 0 doc rel") with a queries file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"guldfilen {path} kunde inte läsas: {exc}") from exc
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first.lstrip().startswith("{"):
        return _load_jsonl(text, path)
    if queries is None:
        raise GoldError("en qrels-fil behöver frågorna: ange --queries (TSV 'qid<TAB>fråga' eller JSON-rader)")
    return _load_qrels(text, path, queries)


def _load_jsonl(text: str, path: Path) -> list[GoldQuery]:
    out, seen = [], set()
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            qid, query = str(row["qid"]), str(row["query"])
            relevant = {str(k): int(v) for k, v in (row.get("relevant") or {}).items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise GoldError(f"{path.name} rad {no}: {exc.__class__.__name__}: {exc}") from exc
        if qid in seen:
            raise GoldError(f"{path.name} rad {no}: qid {qid} finns redan")
        seen.add(qid)
        out.append(GoldQuery(qid, query, str(row.get("type", "övrigt")), relevant))
    return out


def _load_qrels(text: str, path: Path, queries: Path) -> list[GoldQuery]:
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for no, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise GoldError(f"{path.name} rad {no}: en qrels-rad har fyra fält: qid 0 dokument relevans")
        try:
            rel = int(parts[3])
        except ValueError as exc:
            raise GoldError(f"{path.name} rad {no}: relevansen ska vara ett heltal") from exc
        if rel > 0:
            qrels[parts[0]][parts[2]] = rel
        else:
            qrels.setdefault(parts[0], {})
    try:
        qtext = queries.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"frågefilen {queries} kunde inte läsas: {exc}") from exc
    out = []
    for no, line in enumerate(qtext.splitlines(), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                row = json.loads(line)
                qid, query, qtype = str(row["qid"]), str(row["query"]), str(row.get("type", "övrigt"))
            except (ValueError, KeyError) as exc:
                raise GoldError(f"{queries.name} rad {no}: {exc}") from exc
        else:
            qid, _, query = line.partition("\t")
            if not query:
                raise GoldError(f"{queries.name} rad {no}: väntade 'qid<TAB>fråga'")
            qtype = "övrigt"
        out.append(GoldQuery(qid, query, qtype, dict(qrels.get(qid, {}))))
    return out


@dataclass(frozen=True)
class SystemRun:
    name: str
    ranked: dict[str, list[str]]  # qid → entry ids, best first
    abstained: dict[str, bool]


def run_system(assistant, gold: list[GoldQuery], mode: str, k: int = 10) -> SystemRun:
    """Ask every gold question the way a user would (same `ask`), with one signal or the full system."""
    ranked, abstained = {}, {}
    for g in gold:
        answer = assistant.ask(Question(g.query, k=k, mode=mode))
        ranked[g.qid] = [h.entry_id for h in answer.hits]
        abstained[g.qid] = answer.abstained
    return SystemRun(mode, ranked, abstained)


def per_query(run: SystemRun, gold: list[GoldQuery]) -> dict[str, dict[str, float]]:
    """Metric → qid → value for answerable questions (0 where the system returned nothing)."""
    answerable = [g for g in gold if g.relevant]
    qrels = [ir_measures.Qrel(g.qid, d, r) for g in answerable for d, r in g.relevant.items()]
    # trec_eval ranks by score, so turn the list order into descending scores.
    scored = [
        ir_measures.ScoredDoc(g.qid, d, float(len(run.ranked[g.qid]) - i))
        for g in answerable for i, d in enumerate(run.ranked[g.qid])
    ]
    out: dict[str, dict[str, float]] = {name: {g.qid: 0.0 for g in answerable} for name in MEASURES}
    names = {str(m): name for name, m in MEASURES.items()}
    for metric in ir_measures.iter_calc(list(MEASURES.values()), qrels, scored):
        out[names[str(metric.measure)]][metric.query_id] = float(metric.value)
    return out


def abstention(run: SystemRun, gold: list[GoldQuery]) -> tuple[float, float]:
    """(share of no-match questions answered with no match, share of answerable ones refused)."""
    none = [g for g in gold if not g.relevant]
    some = [g for g in gold if g.relevant]
    right = sum(run.abstained[g.qid] for g in none) / len(none) if none else math.nan
    wrong = sum(run.abstained[g.qid] for g in some) / len(some) if some else math.nan
    return right, wrong


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else math.nan


def significance(a: dict[str, float], b: dict[str, float]) -> float:
    """Two-sided Wilcoxon signed-rank p-value on paired per-question scores (1.0 when all equal)."""
    diffs = [a[q] - b[q] for q in a]
    if not any(abs(d) > 1e-12 for d in diffs):
        return 1.0
    return float(stats.wilcoxon([a[q] for q in a], [b[q] for q in a], zero_method="zsplit").pvalue)


@dataclass(frozen=True)
class Evaluation:
    gold: list[GoldQuery]
    runs: dict[str, SystemRun]
    scores: dict[str, dict[str, dict[str, float]]]  # system → metric → qid → value

    def summary(self, system: str, qtype: str | None = None) -> dict[str, float]:
        gold = [g for g in self.gold if qtype is None or g.type == qtype]
        qids = {g.qid for g in gold}
        out = {m: _mean(v for q, v in self.scores[system][m].items() if q in qids) for m in MEASURES}
        right, wrong = abstention(self.runs[system], gold)
        out["no-match rätt"] = right
        out["felaktigt avböjda"] = wrong
        return out


def evaluate(assistant, gold: list[GoldQuery], systems=SYSTEMS) -> Evaluation:
    runs = {s: run_system(assistant, gold, s) for s in systems}
    return Evaluation(gold, runs, {s: per_query(runs[s], gold) for s in systems})


def _fmt(x: float) -> str:
    return "–" if isinstance(x, float) and math.isnan(x) else f"{x:.3f}"


def report_markdown(ev: Evaluation, gold_path: Path, model: str) -> str:
    cols = list(MEASURES) + ["no-match rätt", "felaktigt avböjda"]
    n_none = sum(not g.relevant for g in ev.gold)
    lines = [
        "# Utvärdering av Insatsguiden", "",
        f"Guldfil: `{gold_path.name}`, {len(ev.gold)} frågor ({len(ev.gold) - n_none} besvarbara, "
        f"{n_none} där rätt svar är ”ingen träff”). Modell: `{model}`.", "",
        "Rankningsmåtten räknas på de besvarbara frågorna (ir_measures/trec_eval); ”no-match rätt” är andelen "
        "frågor utan svar i materialet som besvaras med ”ingen träff”, ”felaktigt avböjda” andelen besvarbara "
        "frågor som avböjs.", "",
        "## System", "",
        "| system | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|",
    ]
    for s in ev.runs:
        row = ev.summary(s)
        lines.append(f"| {s} | " + " | ".join(_fmt(row[c]) for c in cols) + " |")
    lines += ["", "## Signifikans (nDCG@10, Wilcoxon, tvåsidig, mot full)", "", "| system | p |", "|---|---|"]
    if "full" in ev.scores:
        for s in ev.runs:
            if s != "full":
                lines.append(f"| full vs {s} | {significance(ev.scores['full']['nDCG@10'], ev.scores[s]['nDCG@10']):.2g} |")
    lines += ["", "## Per frågetyp (full)", "", "| typ | antal | " + " | ".join(cols) + " |",
              "|---" * (len(cols) + 2) + "|"]
    if "full" in ev.runs:
        for t in sorted({g.type for g in ev.gold}):
            n = sum(g.type == t for g in ev.gold)
            row = ev.summary("full", t)
            lines.append(f"| {t} | {n} | " + " | ".join(_fmt(row[c]) for c in cols) + " |")
        misses = []
        for g in ev.gold:
            got = ev.runs["full"].ranked[g.qid]
            if g.relevant and ev.scores["full"]["nDCG@10"][g.qid] < 0.8:
                misses.append(f"- `{g.qid}` {g.query!r}: nDCG@10 {ev.scores['full']['nDCG@10'][g.qid]:.2f}, "
                              f"fick {got[:5]}")
            elif not g.relevant and got:
                misses.append(f"- `{g.qid}` {g.query!r}: borde ge ingen träff, fick {got[:3]}")
        lines += ["", "## Svagaste frågorna (full)", ""] + (misses or ["Inga."])
    return "\n".join(lines) + "\n"


def chart(ev: Evaluation, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = list(MEASURES) + ["no-match rätt"]
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / len(ev.runs)
    for i, s in enumerate(ev.runs):
        row = ev.summary(s)
        ax.bar([j + i * width for j in range(len(metrics))], [row[m] for m in metrics], width, label=s)
    ax.set_xticks([j + width * (len(ev.runs) - 1) / 2 for j in range(len(metrics))], metrics)
    ax.set_ylim(0, 1.05)
    ax.set_title("Insatsguiden: system jämförda på guldfrågorna")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def run_evaluation(assistant, gold_path: Path, out_dir: Path, qrels_queries: Path | None = None) -> str:
    """CLI entry: evaluate, write report.md and metrics.png, return the report text."""
    gold = load_gold(gold_path, qrels_queries)
    if not gold:
        raise GoldError(f"guldfilen {gold_path} innehåller inga frågor")
    ev = evaluate(assistant, gold)
    text = report_markdown(ev, gold_path, assistant.kb.embedder.name)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "report.md").write_text(text, encoding="utf-8")
        chart(ev, out_dir / "metrics.png")
    except OSError as exc:
        raise GoldError(f"rapporten kunde inte skrivas i {out_dir}: {exc}") from exc
    return text
