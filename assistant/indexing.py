"""Build, persist and load the dense (FAISS) and lexical (BM25) indexes with a manifest.

The index folder also keeps a snapshot of the corpus files it was built from,
so a broken new corpus never replaces a working index: the snapshot is served
until the corpus is mended.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # Windows: builds are not guarded against a second process
    fcntl = None  # type: ignore[assignment]

import numpy as np

from . import __version__
from .corpus import Document, corpus_hash, load_document
from .embedding import Embedder, load_embedder
from .errors import CorpusError, IndexBuildError, PlaceDataError
from .lexical import Analyzer, Bm25Scores, LexicalIndex, meaning_vocabulary
from .lexicon import EMPTY, Lexicon, load_lexicon
from .places import Gazetteer, load_gazetteer
from .settings import Settings

MANIFEST = "manifest.json"
DENSE = "dense.faiss"
SENTENCES = "sentences.faiss"  # each entry's sentences, embedded one by one
OWNERS = "sentences.json"  # per sentence vector, the position of its entry (ascending)
WORDS = "words.faiss"  # the corpus words, each embedded alone (lexical.meaning_vocabulary)
WORD_LIST = "words.json"
LEXICAL = "lexical"
SNAPSHOT = "corpus"
FORMAT = 3
OURS = (MANIFEST, DENSE, SENTENCES, OWNERS, WORDS, WORD_LIST, "ids.json", "analyzer.json", LEXICAL, SNAPSHOT, "README.md")
README = """# index/

Byggda indexfiler för Insatsguiden (FAISS, BM25, manifest och en kopia av korpusen de byggdes från).
Mappen byggs om automatiskt när korpusen, modellen eller indexkoden ändras, eller när en fil är skadad.
Bygg om för hand med `insatsguiden index`. Lägg inget annat här: mappen byts ut vid varje bygge.
"""


@dataclass
class KnowledgeBase:
    """Everything a question is answered from: the parsed corpus, place knowledge, both indexes, the model."""

    document: Document
    gazetteer: Gazetteer
    dense: "faiss.Index"  # type: ignore[name-defined]  # noqa: F821
    ids: list[str]
    lexical: LexicalIndex
    embedder: Embedder
    manifest: dict
    warning: str = ""
    sentences: "faiss.Index | None" = None  # type: ignore[name-defined]  # noqa: F821
    sentence_owner: np.ndarray | None = None  # per sentence vector, the position of its entry (ascending)
    words: "faiss.Index | None" = None  # type: ignore[name-defined]  # noqa: F821
    word_list: tuple[str, ...] = ()  # the corpus word of each vector in `words`
    lexicon: Lexicon = EMPTY  # Swedish thesaurus and field terms (lexicon.py)


@dataclass(frozen=True)
class CorpusState:
    """The corpus as read once at start: parsed, its places, and its hash."""

    dir: Path
    document: Document
    gazetteer: Gazetteer
    hash: str
    lexicon: Lexicon = EMPTY

    @classmethod
    def read(cls, corpus_dir: Path) -> "CorpusState":
        document = load_document(corpus_dir)
        gazetteer = load_gazetteer(corpus_dir)
        try:
            digest = corpus_hash(corpus_dir)
        except OSError as exc:
            raise CorpusError(f"{corpus_dir} kunde inte läsas: {exc}") from exc
        return cls(corpus_dir, document, gazetteer, digest, load_lexicon(corpus_dir))


def code_hash() -> str:
    """Hash of the code that decides what goes into the index: a change there makes the index stale."""
    h = hashlib.sha256()
    for name in ("corpus.py", "lexical.py", "text.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_manifest(index_dir: Path) -> dict | None:
    try:
        data = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def stale_reason(index_dir: Path, corpus: CorpusState, model: str) -> str | None:
    """Why the index on disk cannot be used as it is, or None when it can."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        return "inget index finns" if not (index_dir / MANIFEST).exists() else "manifestet går inte att läsa"
    if manifest.get("format") != FORMAT:
        return "indexet har ett äldre format"
    if manifest.get("code") != code_hash():
        return "indexkoden har ändrats"
    if manifest.get("model") != model:
        return f"modellen har bytts ({manifest.get('model')} → {model})"
    if manifest.get("corpus_hash") != corpus.hash:
        return "korpusen har ändrats"
    for name in (DENSE, SENTENCES, OWNERS, WORDS, WORD_LIST, f"{LEXICAL}/vocab.index.json", "ids.json", "analyzer.json"):
        if not (index_dir / name).is_file():
            return f"filen {name} saknas"
    return None


@contextmanager
def _locked(index_dir: Path) -> Iterator[None]:
    """One process at a time checks, builds and swaps a given index folder."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    with open(index_dir.parent / f".{index_dir.name}.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def _check_replaceable(index_dir: Path) -> None:
    """Never swap away a folder that holds anything but our own files (say `--index ~/Dokument`)."""
    if not index_dir.exists():
        return
    if not index_dir.is_dir():
        raise IndexBuildError(f"{index_dir} är ingen mapp; ange en mapp för indexet med --index")
    foreign = sorted(p.name for p in index_dir.iterdir() if p.name not in OURS)
    if foreign:
        raise IndexBuildError(f"{index_dir} innehåller annat än ett index ({', '.join(foreign[:3])}); "
                          f"ange en tom mapp med --index")


def build(settings: Settings, embedder: Embedder | None = None, progress: bool = True) -> KnowledgeBase:
    """Build everything in a temporary folder, then swap it in: a failed build leaves the old index."""
    corpus = CorpusState.read(settings.corpus_dir)
    embedder = embedder or load_embedder(settings.model)
    with _locked(settings.index_dir):
        return _build(corpus, settings.index_dir, embedder, progress)


def _build(corpus: CorpusState, index_dir: Path, embedder: Embedder, progress: bool) -> KnowledgeBase:
    import faiss

    _check_replaceable(index_dir)
    document = corpus.document
    passages = [e.passage() for e in document.entries]
    pieces = [(i, text) for i, e in enumerate(document.entries) for text in e.sentence_passages()]
    vectors = embedder.encode_passages(passages + [text for _, text in pieces], progress=progress)
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(np.ascontiguousarray(vectors[:len(passages)]))
    sentences = faiss.IndexFlatIP(vectors.shape[1])
    sentences.add(np.ascontiguousarray(vectors[len(passages):]))
    owner = np.asarray([i for i, _ in pieces], dtype=np.int64)
    lexical = LexicalIndex.build(passages)
    lexical.context_terms = occasion_terms(lexical, document.occasion)
    vocabulary = meaning_vocabulary(lexical.analyzer.known, [e.organisation for e in document.entries])
    words = faiss.IndexFlatIP(vectors.shape[1])
    words.add(np.ascontiguousarray(embedder.encode_queries(list(vocabulary)), np.float32).reshape(-1, vectors.shape[1]))
    manifest = {
        "format": FORMAT,
        "corpus_hash": corpus.hash,
        "document_sha256": document.sha256,
        "model": embedder.name,
        "dimension": int(vectors.shape[1]),
        "entries": len(document.entries),
        "sentences": len(pieces),
        "words": len(vocabulary),
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "package_version": __version__,
        "code": code_hash(),
        "lexical": {"bm25": "bm25s k1=1.2 b=0.75", "stemmer": "snowball swedish", "compounds": True},
    }
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=index_dir.parent))
    try:
        faiss.write_index(dense, str(tmp / DENSE))
        faiss.write_index(sentences, str(tmp / SENTENCES))
        (tmp / OWNERS).write_text(json.dumps(owner.tolist()), "utf-8")
        faiss.write_index(words, str(tmp / WORDS))
        (tmp / WORD_LIST).write_text(json.dumps(vocabulary, ensure_ascii=False), "utf-8")
        lexical.save(tmp / LEXICAL)
        (tmp / "ids.json").write_text(json.dumps([e.id for e in document.entries], ensure_ascii=False), "utf-8")
        (tmp / "analyzer.json").write_text(json.dumps(sorted(lexical.analyzer.known), ensure_ascii=False), "utf-8")
        (tmp / SNAPSHOT).mkdir()
        for path in corpus.dir.iterdir():
            if path.is_file() and path.suffix in (".txt", ".csv"):
                shutil.copy2(path, tmp / SNAPSHOT / path.name)
        (tmp / "README.md").write_text(README, "utf-8")
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        old = index_dir.with_name(index_dir.name + ".old")
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        if index_dir.exists():
            index_dir.rename(old)
        tmp.rename(index_dir)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexBuildError(f"indexet kunde inte sparas i {index_dir}: {exc}") from exc
    return KnowledgeBase(document, corpus.gazetteer, dense, [e.id for e in document.entries], lexical, embedder,
                         manifest, sentences=sentences, sentence_owner=owner, words=words, word_list=vocabulary,
                         lexicon=corpus.lexicon)


def occasion_terms(lexical: LexicalIndex, occasion: str) -> frozenset[str]:
    """The stems of the document's occasion that entries repeat ("covid-19" in 13 of them): context every entry
    shares. A stem of it that at most one entry has ("isolering") is that entry's own topic and stays telling."""
    return frozenset(t for t in lexical.analyzer.terms(occasion) if lexical.document_frequency(t) >= 2)


def _load(corpus: CorpusState, index_dir: Path, embedder: Embedder) -> KnowledgeBase:
    """Read a built index from disk; raise on any damage so the caller can rebuild."""
    import faiss

    manifest = read_manifest(index_dir)
    if manifest is None:
        raise IndexBuildError("manifestet saknas eller är trasigt")
    document = corpus.document
    try:
        dense = faiss.read_index(str(index_dir / DENSE))
        sentences = faiss.read_index(str(index_dir / SENTENCES))
        owner = np.asarray(json.loads((index_dir / OWNERS).read_text("utf-8")))
        words = faiss.read_index(str(index_dir / WORDS))
        vocabulary = json.loads((index_dir / WORD_LIST).read_text("utf-8"))
        ids = json.loads((index_dir / "ids.json").read_text("utf-8"))
        known = json.loads((index_dir / "analyzer.json").read_text("utf-8"))
        bm25 = Bm25Scores.load(index_dir / LEXICAL)
    except Exception as exc:  # faiss raises RuntimeError, numpy/json ValueError or OSError
        raise IndexBuildError(f"indexfilerna går inte att läsa ({type(exc).__name__})") from exc
    if ids != [e.id for e in document.entries] or dense.ntotal != len(ids):
        raise IndexBuildError("indexet stämmer inte med korpusen")
    expected = [i for i, e in enumerate(document.entries) for _ in e.sentence_passages()]
    if owner.tolist() != expected or sentences.ntotal != len(expected):
        raise IndexBuildError("meningsindexet stämmer inte med korpusen")
    analyzer = Analyzer(frozenset(known))
    if vocabulary != list(meaning_vocabulary(analyzer.known, [e.organisation for e in document.entries])) \
            or words.ntotal != len(vocabulary):
        raise IndexBuildError("ordindexet stämmer inte med ordlistan")
    if any(getattr(i, "metric_type", None) != faiss.METRIC_INNER_PRODUCT for i in (dense, sentences, words)):
        raise IndexBuildError("indexet mäter inte inre produkt")
    if embedder.dimension != dense.d or any(i.d != dense.d for i in (sentences, words)):
        raise IndexBuildError("indexets dimension stämmer inte med modellen")
    passages = [e.passage() for e in document.entries]
    doc_terms = [frozenset(analyzer.terms(p)) for p in passages]
    lexical = LexicalIndex(analyzer, bm25, doc_terms)
    lexical.context_terms = occasion_terms(lexical, document.occasion)
    return KnowledgeBase(document, corpus.gazetteer, dense, ids, lexical,
                         embedder, manifest, sentences=sentences, sentence_owner=np.asarray(expected, np.int64),
                         words=words, word_list=tuple(vocabulary), lexicon=corpus.lexicon)


def open_index(settings: Settings, say: Callable[[str], None] = _say,
               embedder: Embedder | None = None) -> KnowledgeBase:
    """Load the index, rebuilding it when it is missing, stale or unreadable.

    When the corpus itself is broken and a snapshot of the last good corpus
    exists, the snapshot is served and a warning says what to mend.
    """
    corpus_dir, index_dir = settings.corpus_dir, settings.index_dir
    try:
        corpus = CorpusState.read(corpus_dir)
    except (CorpusError, PlaceDataError) as exc:
        snapshot = index_dir / SNAPSHOT
        if not snapshot.is_dir() or corpus_dir.resolve() == snapshot.resolve():
            raise
        say(f"Korpusen i {corpus_dir} är trasig ({exc}); den senast fungerande versionen används tills den är lagad.")
        kb = open_index(replace(settings, corpus_dir=snapshot), say, embedder)
        kb.warning = f"Korpusen är trasig ({exc}); svaren bygger på den senast fungerande versionen."
        return kb
    embedder = embedder or load_embedder(settings.model)  # a missing model is reported before any rebuild
    with _locked(index_dir):
        reason = stale_reason(index_dir, corpus, embedder.name)
        if reason is None:
            try:
                return _load(corpus, index_dir, embedder)
            except IndexBuildError as exc:
                reason = str(exc)
        say(f"Bygger index ({reason}) …")
        return _build(corpus, index_dir, embedder, True)
