"""Command line: `insatsguiden index | ask | eval | serve`. Thin: it calls the pipeline."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .corpus import CorpusError
from .embedding import MODEL_ENV, ModelError
from .indexing import IndexError_, build, default_paths
from .places import PlaceDataError

EXPECTED = (CorpusError, PlaceDataError, ModelError, IndexError_)
EVAL_DIR = Path(__file__).resolve().parent.parent / "eval"


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    corpus, index = default_paths()
    return Path(args.corpus or corpus), Path(args.index or index)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", help="mapp med dokumentet och tabellerna (standard: corpus/)")
    p.add_argument("--index", help="mapp för indexfilerna (standard: index/)")
    p.add_argument("--model", help=f"sentence-transformers-modell (namn eller sökväg); även {MODEL_ENV}")


def cmd_index(args: argparse.Namespace) -> int:
    corpus, index = _paths(args)
    built = build(corpus, index, args.model)
    print(f"Index byggt i {index}: {built.manifest['entries']} poster, modell {built.manifest['model']}, "
          f"dimension {built.manifest['dimension']}.")
    return 0


def _open(args: argparse.Namespace):
    from .pipeline import Assistant

    corpus, index = _paths(args)
    return Assistant.open(corpus, index, args.model)


def _record(question: str, answer, result) -> dict:
    u = result.understanding
    return {
        "question": question,
        "places": [p.name for p in u.places],
        "groups": list(answer.groups),
        "hits": [{"id": h.entry_id, "score": h.score} for h in result.hits],
        "abstained": result.abstained,
        "notice": result.notice,
        "answer": answer.markdown,
    }


def cmd_ask(args: argparse.Namespace) -> int:
    if args.k < 1 or args.k > 100:
        print("Fel: -k ska vara mellan 1 och 100.", file=sys.stderr)
        return 2
    if args.batch is None and not args.question:
        print("Fel: skriv en fråga, eller använd --batch FIL (eller --batch - för standard in).", file=sys.stderr)
        return 2
    assistant = _open(args)
    if args.batch is not None:
        try:
            stream = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8", errors="replace")
        except OSError as exc:
            print(f"Fel: kan inte läsa {args.batch}: {exc.strerror}", file=sys.stderr)
            return 2
        with stream:
            for line in stream:
                question = line.rstrip("\n")
                if not question.strip():
                    continue
                answer, result = assistant.ask(question, k=args.k)
                print(json.dumps(_record(question, answer, result), ensure_ascii=False), flush=True)
        return 0
    question = " ".join(args.question)
    answer, result = assistant.ask(question, k=args.k)
    if args.json:
        print(json.dumps({**_record(question, answer, result), "entries": answer.to_dict()["entries"]},
                         ensure_ascii=False, indent=2))
    else:
        print(answer.markdown)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import GoldError, run_evaluation  # scipy and ir_measures load only for this command

    corpus, index = _paths(args)
    try:
        report = run_evaluation(corpus, index, args.model, Path(args.gold), Path(args.out),
                                qrels_queries=Path(args.queries) if args.queries else None)
    except GoldError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 1
    print(report)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .app import serve

    corpus, index = _paths(args)
    return serve(corpus, index, args.model, host=args.host, port=args.port, feedback=args.feedback)


def cmd_load(args: argparse.Namespace) -> int:
    from .loadtest import LoadError, questions_from, require_loopback, run_feedback_load, run_load, serve_in_thread

    if args.clients < 1 or args.clients > 200 or args.questions < 1:
        print("Fel: --clients ska vara 1–200 och --questions minst 1.", file=sys.stderr)
        return 2
    try:
        questions = questions_from(Path(args.gold), args.questions)
        if args.url:
            require_loopback(args.url)
    except (OSError, ValueError, KeyError) as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
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
    from .benchmark import run_benchmark

    try:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()] if args.sizes else []
    except ValueError:
        print("Fel: --sizes ska vara heltal med komma emellan, t.ex. 1000,10000,100000.", file=sys.stderr)
        return 2
    if any(n < 1 or n > 1_000_000 for n in sizes):
        print("Fel: storlekarna ska vara 1–1 000 000 poster.", file=sys.stderr)
        return 2
    from .evaluation import GoldError

    corpus, index = _paths(args)
    try:
        report = run_benchmark(corpus, index, Path(args.gold), sizes, Path(args.out),
                               say=lambda m: print(m, file=sys.stderr, flush=True))
    except GoldError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 1
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
    pa.add_argument("--batch", metavar="FIL", help="en fråga per rad ur FIL (- = standard in); en JSON-rad per fråga")
    pa.set_defaults(func=cmd_ask)
    pe = sub.add_parser("eval", help="utvärdera mot en guldfil")
    _common(pe)
    pe.add_argument("--gold", default=str(EVAL_DIR / "gold.jsonl"),
                    help="guldfil: JSON-rader, eller TREC qrels (då behövs --queries)")
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
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # before gradio or transformers import the hub
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (CorpusError, PlaceDataError) as exc:
        print(f"Fel: {exc}. Laga eller återställ filen och försök igen.", file=sys.stderr)
        return 1
    except EXPECTED as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
