"""Evaluation: gold questions → runs of four systems → IR metrics, abstention, significance, report.

Metrics come from ir_measures (trec_eval underneath). A question whose gold
is empty ({}) should be answered with "no match" (or a fallback the answer labels
as such); it counts for abstention, not for the ranking metrics.

Splits: eval/gold.jsonl is divided into dev (tuning) and test (reporting only) by
eval/splits.json (stratified by type, fixed seed: eval/make_split.py); eval/blind.jsonl
was written from the document alone before the system was run on it and is never tuned on.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import ir_measures
from ir_measures import RR, R, nDCG
from scipy import stats

from ..errors import GoldError
from ..query import Question
from ..text import and_list, plural

SYSTEMS = ("dense", "lexical", "fused", "full")
MEASURES = {"nDCG@10": nDCG @ 10, "R@5": R @ 5, "R@10": R @ 10, "MRR@10": RR @ 10}


EVAL_DIR = Path(__file__).resolve().parent.parent.parent / "eval"
SPLITS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "test", "blind", "blind2", "blind3")
TUNING = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8")  # the splits thresholds and weights were chosen on
BLINDS = ("blind", "blind2", "blind3")  # written from the document alone before the system was run on them; never tuned on


SOURCES = {"dev": "`gold.jsonl`, dev-halvan", "dev2": "`dev2.jsonl`, skriven utan kod, för inställning",
           "dev3": "`dev3.jsonl`, skriven utan kod, för inställning",
           "dev4": "`dev4.jsonl`, skriven utan kod, för inställning",
           "dev5": "`dev5.jsonl`, skriven utan kod, för inställning (issue 15:s frågetyper)",
           "dev6": "`dev6.jsonl`, skriven utan kod, för inställning (många frågor utan svar, omskrivningar)",
           "dev7": "`dev7.jsonl`, skriven utan kod, för inställning (issue 15:s frågetyper, första körningen 0,861)",
           "dev8": "`dev8.jsonl`, skriven utan kod, för inställning (issue 15:s frågetyper, 35 utan svar)",
           "test": "`gold.jsonl`, test-halvan", "blind": "`blind.jsonl`, skriven blint före körning",
           "blind2": "`blind2.jsonl`, skriven blint före körning",
           "blind3": "`blind3.jsonl`, skriven blint före körning (issue 15:s frågetyper)"}


@dataclass(frozen=True)
class GoldQuery:
    qid: str
    query: str
    type: str
    relevant: dict[str, int]
    previous: str | None = None  # the question before an elliptic follow-up ("och i Malmö?")
    line: int = 0  # where it stands in its file, for messages (0: not from a line of its own)


def load_split(name: str, eval_dir: Path = EVAL_DIR) -> list[GoldQuery]:
    """dev / test: the halves of gold.jsonl named in splits.json; dev2–dev8: dev2.jsonl … dev8.jsonl (written
    from the document alone, for tuning); blind, blind2, blind3: blind.jsonl … blind3.jsonl (written blind, never tuned on)."""
    if name not in SPLITS:
        raise GoldError(f"okänd del '{name}': välj {', '.join(SPLITS)} eller all")
    if name not in ("dev", "test"):  # every other split is a file of its own
        return load_gold(eval_dir / f"{name}.jsonl")
    try:
        assignment = json.loads((eval_dir / "splits.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"splits.json kunde inte läsas: {exc}") from exc
    return [g for g in load_gold(eval_dir / "gold.jsonl") if assignment.get(g.qid) == name]


# The question types the bundled sets use; a gold file may use any other word (the report groups by it), but a
# word outside this list is warned about, since a misspelt type splits one group in two.
KNOWN_TYPES = (
    "place", "county", "province", "place_group", "group", "group_synonym", "topic", "detail", "typo", "english",
    "followup", "empty_section", "unanswerable", "no_answer", "long", "paraphrase", "overview", "abbreviation",
    "colloquial", "adjective_place", "qualifier", "place_fallback", "övrigt",
)
GRADES = (0, 1, 2)  # 0 = not relevant (as in TREC qrels), 1 = partly, 2 = answers the question


def load_gold(path: Path, queries: Path | None = None, known_ids: frozenset[str] | None = None,
              warn=None) -> list[GoldQuery]:
    """JSON lines ({"qid","query","type","relevant"}) or TREC qrels ("qid 0 doc rel") with a queries file.

    Every problem is found before any question is asked, each with its line number: an evaluator mends them
    all at once instead of one per run. With `known_ids`, an unknown entry id is an error with the closest
    known ids as suggestions; `warn` receives what is worth saying but not wrong (duplicate qids, new types).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"guldfilen {path} kunde inte läsas: {exc}") from exc
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first.lstrip().startswith("{"):
        gold = _load_jsonl(text, path, warn)
    elif queries is None:
        raise GoldError("en qrels-fil behöver frågorna: ange --queries (TSV 'qid<TAB>fråga' eller JSON-rader)")
    else:
        gold = _load_qrels(text, path, queries)
    if known_ids is not None:
        check_ids(gold, known_ids, path)
    return gold


def check_ids(gold: list[GoldQuery], known_ids: frozenset[str], path: Path) -> None:
    """Every graded id must be an entry of the corpus: an unknown id would silently score 0."""
    from rapidfuzz import process

    problems = []
    for g in gold:
        for doc in g.relevant:
            if doc not in known_ids:
                near = [m for m, _, _ in process.extract(doc, sorted(known_ids), limit=3)]
                where = f"rad {g.line}" if g.line else f"qid {g.qid}"
                problems.append(f"{path.name} {where}: okänt post-id '{doc}' (menar du {' eller '.join(near)}?)")
    if problems:
        raise GoldError(_joined(problems, "insatsguiden eval --ids listar alla post-id"))


def _joined(problems: list[str], hint: str) -> str:
    """Several problems as one message: each on its own line, at most 20, then how to find the rest."""
    shown = problems[:20]
    more = len(problems) - len(shown)
    tail = [f"… och {more} till"] if more else []
    return f"{len(problems)} {plural(len(problems), 'fel', 'fel')} i guldfilen:\n  " + "\n  ".join(shown + tail) + \
        f"\n({hint})"


def _load_jsonl(text: str, path: Path, warn=None) -> list[GoldQuery]:
    out, seen, problems = [], {}, []
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name} rad {no}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            problems.append(f"{where}: ingen giltig JSON ({exc.msg}, tecken {exc.pos + 1})")
            continue
        if not isinstance(row, dict):
            problems.append(f"{where}: raden ska vara ett JSON-objekt med qid, query och relevant")
            continue
        missing = [k for k in ("qid", "query", "relevant") if k not in row]
        if missing:
            problems.append(f"{where}: saknar {', '.join(missing)}"
                            + (" (skriv \"relevant\": {} för en fråga som materialet inte kan besvara)"
                               if "relevant" in missing else ""))
            continue
        qid, query, relevant = str(row["qid"]), row["query"], row["relevant"]
        if not isinstance(query, str) or not query.strip():
            problems.append(f"{where}: query ska vara en fråga i text")
            continue
        if not isinstance(relevant, dict):
            problems.append(f"{where}: relevant ska vara ett objekt post-id → betyg, t.ex. {{\"aldre/gotland\": 2}}")
            continue
        grades, bad = {}, []
        for doc, grade in relevant.items():
            if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
                bad.append(f"'{doc}': {json.dumps(grade, ensure_ascii=False)}")
            elif grade > 0:
                grades[str(doc)] = grade
        if bad:
            problems.append(f"{where}: betygen ska vara 0, 1 eller 2, inte {', '.join(bad)}")
            continue
        qtype = str(row.get("type") or "övrigt")
        if qtype not in KNOWN_TYPES and warn:
            warn(f"{where}: frågetypen '{qtype}' används inte i projektets egna frågor "
                 f"(kända typer: {', '.join(KNOWN_TYPES)})")
        if qid in seen:
            if warn:
                warn(f"{where}: qid {qid} finns redan på rad {seen[qid]}; raden hoppas över")
            continue
        seen[qid] = no
        previous = row.get("previous")
        out.append(GoldQuery(qid, query, qtype, grades, str(previous) if previous else None, line=no))
    if problems:
        raise GoldError(_joined(problems, "rätta raderna och kör igen; inga frågor har ställts"))
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
    scores: dict[str, list[float]] = field(default_factory=dict)  # qid → the hits' scores (for TREC run files)
    labelled: dict[str, bool] = field(default_factory=dict)  # qid → answer says it is no exact match


def run_system(assistant, gold: list[GoldQuery], mode: str, k: int = 10) -> SystemRun:
    """Ask every gold question the way a user would (same `ask`), with one signal or the full system;
    a follow-up is asked after its previous question, with that answer's context."""
    ranked, abstained, scores, labelled = {}, {}, {}, {}
    for g in gold:
        context = assistant.ask(Question(g.previous, k=k, mode=mode)).context if g.previous else None
        answer = assistant.ask(Question(g.query, previous=context, k=k, mode=mode))
        ranked[g.qid] = [h.entry_id for h in answer.hits]
        scores[g.qid] = [h.score for h in answer.hits]
        abstained[g.qid] = answer.abstained
        labelled[g.qid] = answer.abstained or not answer.exact
    return SystemRun(mode, ranked, abstained, scores, labelled)



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
    """(share of no-match questions answered with no match or a labelled fallback, share of answerable ones
    refused)."""
    none = [g for g in gold if not g.relevant]
    some = [g for g in gold if g.relevant]
    said = run.labelled or run.abstained
    right = sum(said[g.qid] for g in none) / len(none) if none else math.nan
    wrong = sum(run.abstained[g.qid] for g in some) / len(some) if some else math.nan
    return right, wrong


def shown_precision(run: SystemRun, gold: list[GoldQuery]) -> float:
    """Of the entries shown for an answerable question, the share that is relevant (mean over questions that
    got any): what nDCG does not see, the noise a user reads past."""
    vals = [sum(d in g.relevant for d in run.ranked[g.qid]) / len(run.ranked[g.qid])
            for g in gold if g.relevant and run.ranked[g.qid]]
    return _mean(vals)


def shared_questions(gold: list[GoldQuery], others: list[GoldQuery]) -> set[str]:
    """qids in `gold` whose question (and, for a follow-up, the question before it) also stands in `others`:
    independent writers of one document's questions sometimes ask the very same thing."""
    def key(g: GoldQuery) -> tuple[str, str]:
        return " ".join(g.query.lower().split()), " ".join((g.previous or "").lower().split())

    seen = {key(g) for g in others}
    return {g.qid for g in gold if key(g) in seen}


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
        out["andel relevanta av visade"] = shown_precision(self.runs[system], gold)
        out["no-match rätt"] = right
        out["felaktigt avböjda"] = wrong
        return out


def evaluate(assistant, gold: list[GoldQuery], systems=SYSTEMS) -> Evaluation:
    runs = {s: run_system(assistant, gold, s) for s in systems}
    return Evaluation(gold, runs, {s: per_query(runs[s], gold) for s in systems})


def _fmt(x: float) -> str:
    return "–" if isinstance(x, float) and math.isnan(x) else f"{x:.3f}"


COLS = list(MEASURES) + ["andel relevanta av visade", "no-match rätt", "felaktigt avböjda"]


def _row(label: str, summary: dict[str, float]) -> str:
    return md_row([label] + [_fmt(summary[c]) for c in COLS])


def md_row(cells: list[str]) -> str:
    """One Markdown table row; a '|' inside a cell is escaped so the row keeps its column count."""
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A table whose separator always has as many columns as its header (GFM needs that to see a table)."""
    return [md_row(header), "|" + "---|" * len(header)] + [md_row(r) for r in rows]


def report_markdown(results: dict[tuple[str, str], Evaluation], default_model: str, sources: dict[str, str],
                    runs_dir: str = "eval/runs/") -> str:
    """One report: every split side by side, for every model and system, per question type, and the gap."""
    splits = list(dict.fromkeys(s for s, _ in results))
    models = list(dict.fromkeys(m for _, m in results))
    lines = ["# Utvärdering av Insatsguiden", ""]
    for s in splits:
        gold = results[(s, models[0])].gold
        n_none = sum(not g.relevant for g in gold)
        n_some = len(gold) - n_none
        lines.append(f"- **{s}**: {sources.get(s, s)}, {len(gold)} {plural(len(gold), 'fråga', 'frågor')} "
                     f"({n_some} {plural(n_some, 'besvarbar', 'besvarbara')}, {n_none} där rätt svar är "
                     "”ingen träff”).")
    tuned_here = [s for s in TUNING if s in splits]
    lines += [
        "", f"Modeller: {', '.join(f'`{m}`' for m in models)} (standard: `{default_model}`). Rankningsmåtten räknas "
        "på de besvarbara frågorna (ir_measures/trec_eval); ”andel relevanta av visade” är hur stor del av de "
        "visade posterna som är relevanta. ”no-match rätt” är andelen frågor utan svar i materialet "
        "som besvaras med ”ingen träff” eller med ett svar som självt säger att det inte är exakt (samma län, ortens "
        "övriga poster, bara en del av frågan, bara nära i betydelse, uppgiften saknas); ”felaktigt avböjda” är "
        "andelen besvarbara frågor som avböjs helt.", "",
    ]
    if tuned_here:
        lines += [f"Bara {and_list(tuned_here)} har använts för att välja trösklar och vikter; test och de blinda "
                  "delarna har bara mätts.", ""]
    rows = [[f"{s} · {m} · {system}"] + [_fmt(results[(s, m)].summary(system)[c]) for c in COLS]
            for s in splits for m in models for system in results[(s, m)].runs]
    lines += ["## Alla system", ""] + md_table(["del · modell · system"] + COLS, rows)
    if all((s, default_model) in results for s in splits):
        lines += _gap_section(results, default_model, splits)
    for s in splits:
        ev = results.get((s, default_model))
        if ev is None or "full" not in ev.runs:
            continue
        rows = []
        for qtype in sorted({g.type for g in ev.gold}):
            n = sum(g.type == qtype for g in ev.gold)
            rows.append([qtype, str(n)] + [_fmt(ev.summary("full", qtype)[c]) for c in COLS])
        lines += ["", f"## Per frågetyp: {s} (hela systemet, `{default_model}`)", ""]
        lines += md_table(["typ", "antal"] + COLS, rows)
        if "dense" in ev.runs:
            rows = [[qtype, _fmt(ev.summary("full", qtype)["nDCG@10"]), _fmt(ev.summary("dense", qtype)["nDCG@10"])]
                    for qtype in sorted({g.type for g in ev.gold})]
            lines += ["", f"nDCG@10 per frågetyp, hela systemet mot bara inbäddningen ({s}):", ""]
            lines += md_table(["typ", "full", "dense"], rows)
        others = [system for system in ev.runs if system != "full"]
        if others:
            lines += [""] + md_table(["mot full (nDCG@10, Wilcoxon)", "p"], [
                [f"full vs {system}", f"{significance(ev.scores['full']['nDCG@10'], ev.scores[system]['nDCG@10']):.2g}"]
                for system in others])
    dev = results.get(("dev", default_model))
    if dev is not None and "full" in dev.runs:
        lines += ["", "## Svagaste frågorna i dev (hela systemet)", ""]
        misses = []
        for g in dev.gold:
            got = dev.runs["full"].ranked[g.qid]
            if g.relevant and dev.scores["full"]["nDCG@10"][g.qid] < 0.8:
                misses.append(f"- `{g.qid}` {g.query!r}: nDCG@10 {dev.scores['full']['nDCG@10'][g.qid]:.2f}, "
                              f"fick {got[:5]}")
            elif not g.relevant and not dev.runs["full"].labelled.get(g.qid, dev.runs["full"].abstained[g.qid]):
                misses.append(f"- `{g.qid}` {g.query!r}: borde ge ingen träff, fick {got[:3]}")
        lines += misses or ["Inga."]
    lines += ["", f"Rankningarna som TREC-körfiler och måtten per fråga som CSV: `{runs_dir}`."]
    return "\n".join(lines) + "\n"


def _gap_section(results: dict[tuple[str, str], Evaluation], default_model: str, splits: list[str]) -> list[str]:
    """Tuned against held-out splits; only where the run has both (a custom gold file alone has no gap)."""
    full = {s: results[(s, default_model)].summary("full") for s in splits}
    tuned = [s for s in TUNING if s in full]
    held_out = [o for o in ("test", *BLINDS) if o in full]
    blinds = [o for o in BLINDS if o in full]
    if not tuned or not held_out:
        return []
    header = ["mått", *splits]
    header += [f"dev − {o}" for o in held_out] if "dev" in full else []
    header += [f"inställningsfrågorna − {o}" for o in blinds]
    rows = []
    for metric in ("nDCG@10", "R@10", "MRR@10"):
        pooled = _mean([v for s in tuned for v in results[(s, default_model)].scores["full"][metric].values()])
        row = [metric] + [_fmt(full[s][metric]) for s in splits]
        row += [_fmt(full["dev"][metric] - full[o][metric]) for o in held_out] if "dev" in full else []
        row += [_fmt(pooled - full[o][metric]) for o in blinds]
        rows.append(row)
    lines = ["", f"## Generaliseringsgap (hela systemet, `{default_model}`)", "",
             f"”Inställningsfrågorna” är {and_list(tuned)} tillsammans (medel per fråga): det som trösklarna "
             "valdes på.", ""] + md_table(header, rows)
    for o in blinds:
        held = results[(o, default_model)]
        shared = shared_questions(held.gold, [g for s in tuned for g in results[(s, default_model)].gold])
        rest = [g.qid for g in held.gold if g.relevant and g.qid not in shared]
        scores = held.scores["full"]
        lines += ["", f"{o}: {len(shared)} {plural(len(shared), 'fråga', 'frågor')} har samma text som en fråga i "
                  "inställningsfrågorna (skrivna oberoende av varandra). Utan dem: nDCG@10 "
                  f"{_fmt(_mean(scores['nDCG@10'][q] for q in rest))}, R@10 "
                  f"{_fmt(_mean(scores['R@10'][q] for q in rest))} ({len(rest)} "
                  f"{plural(len(rest), 'besvarbar', 'besvarbara')})."]
    return lines


def chart(results: dict[tuple[str, str], Evaluation], default_model: str, path: Path) -> None:
    """nDCG@10 and R@10 of every system per split, for the default model."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    splits = [s for s, m in results if m == default_model]
    systems = list(results[(splits[0], default_model)].runs)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, metric in zip(axes, ("nDCG@10", "R@10")):
        width = 0.8 / len(systems)
        for i, system in enumerate(systems):
            vals = [results[(s, default_model)].summary(system)[metric] for s in splits]
            ax.bar([j + i * width for j in range(len(splits))], vals, width, label=system)
        ax.set_xticks([j + width * (len(systems) - 1) / 2 for j in range(len(splits))], splits)
        ax.set_ylim(0, 1.05)
        ax.set_title(metric)
    axes[0].legend(loc="lower left")
    fig.suptitle(f"Insatsguiden: system per del ({default_model})")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_runs(results: dict[tuple[str, str], Evaluation], runs_dir: Path) -> None:
    """TREC run files (`qid Q0 docid rank score system`), qrels, and per-question metrics as CSV, so trec_eval or
    ranx can recompute every number."""
    import csv

    runs_dir.mkdir(parents=True, exist_ok=True)
    for (split, model), ev in results.items():
        tag = f"{split}-{model.replace('/', '_')}"
        with open(runs_dir / f"{split}.qrels", "w", encoding="utf-8") as fh:
            for g in ev.gold:
                for doc, rel in g.relevant.items():
                    fh.write(f"{g.qid} 0 {doc} {rel}\n")
        for system, run in ev.runs.items():
            with open(runs_dir / f"{tag}-{system}.run", "w", encoding="utf-8") as fh:
                for g in ev.gold:
                    n = len(run.ranked[g.qid])
                    for rank, doc in enumerate(run.ranked[g.qid], start=1):
                        # trec_eval orders by score: descending list position keeps our order exactly.
                        fh.write(f"{g.qid} Q0 {doc} {rank} {n - rank + 1} {system}\n")
        with open(runs_dir / f"{tag}-per-question.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["qid", "type", "query", "system", *MEASURES, "abstained", "labelled"])
            for system, run in ev.runs.items():
                for g in ev.gold:
                    vals = [_fmt(ev.scores[system][m].get(g.qid, math.nan)) for m in MEASURES]
                    w.writerow([g.qid, g.type, g.query, system, *vals, run.abstained[g.qid],
                                run.labelled.get(g.qid, run.abstained[g.qid])])


def _shown_path(path: Path) -> str:
    """The folder as a reader finds it: relative to the project or the working folder where it lies in one."""
    for base in (EVAL_DIR.parent, Path.cwd()):
        try:
            return str(path.resolve().relative_to(base.resolve())) + "/"
        except ValueError:
            continue
    return str(path) + "/"


def run_evaluation(assistants: dict[str, object], splits: dict[str, list[GoldQuery]], out_dir: Path,
                   sources: dict[str, str], default_model: str) -> str:
    """CLI entry: evaluate every split with every model, write report.md, metrics.png and runs/."""
    for name, gold in splits.items():
        if not gold:
            raise GoldError(f"{sources.get(name, name)} innehåller inga frågor")
    results = {(s, m): evaluate(a, gold) for s, gold in splits.items() for m, a in assistants.items()}
    text = report_markdown(results, default_model, sources, runs_dir=_shown_path(out_dir / "runs"))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "report.md").write_text(text, encoding="utf-8")
        chart(results, default_model, out_dir / "metrics.png")
        write_runs(results, out_dir / "runs")
    except OSError as exc:
        raise GoldError(f"rapporten kunde inte skrivas i {out_dir}: {exc}") from exc
    return text
