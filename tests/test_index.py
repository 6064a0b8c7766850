"""The index is rebuilt when missing, stale or damaged, and a broken corpus never replaces a good one."""

import json

from conftest import HashEmbedder

from assistant.indexing import open_index, read_manifest
from assistant.settings import Settings

NEW_ENTRY = (
    " • Testkommun Lund\n  Lunds kommun har öppnat en ny stödlinje för äldre under sommaren.\n"
    "  Läs mer på Lunds kommuns hemsida\n"
)


def _open(corpus, index_dir, say):
    return open_index(Settings(corpus, index_dir, HashEmbedder.name), say=say, embedder=HashEmbedder())


def _messages():
    seen: list[str] = []
    return seen, seen.append


def test_build_then_load_then_rebuild_on_change(small_corpus, tmp_path):
    index_dir = tmp_path / "index"
    seen, say = _messages()
    first = _open(small_corpus, index_dir, say=say)
    n = len(first.ids)
    assert n == len(first.document.entries) and any("inget index" in m for m in seen)
    manifest = read_manifest(index_dir)
    assert manifest["entries"] == n and manifest["dimension"] == HashEmbedder.dimension
    assert manifest["model"] == HashEmbedder.name

    seen.clear()
    _open(small_corpus, index_dir, say=say)
    assert seen == []  # fresh index: loaded, not rebuilt

    doc = small_corpus / "utsatta-grupper-2021-06-07.txt"
    doc.write_text(doc.read_text("utf-8").replace("\nÄLDRE", NEW_ENTRY + "\nÄLDRE"), "utf-8")
    with (small_corpus / "links.csv").open("a", encoding="utf-8") as fh:
        fh.write("ALLMÄN INFORMATION,Testkommun Lund,Läs mer på Lunds kommuns hemsida,https://www.lund.se/,,,test\n")
    updated = _open(small_corpus, index_dir, say=say)
    assert any("korpusen har ändrats" in m for m in seen)
    assert len(updated.ids) == n + 1 and "allman-information/testkommun-lund" in updated.ids


def test_damaged_files_are_rebuilt(small_corpus, tmp_path):
    index_dir = tmp_path / "index"
    _open(small_corpus, index_dir, say=lambda m: None)
    (index_dir / "dense.faiss").write_bytes(b"not a faiss file")
    seen, say = _messages()
    index = _open(small_corpus, index_dir, say=say)
    assert len(index.ids) == len(index.document.entries) and seen and "går inte att läsa" in seen[0]

    (index_dir / "manifest.json").write_text("{broken", "utf-8")
    seen.clear()
    _open(small_corpus, index_dir, say=say)
    assert seen and "manifest" in seen[0]
    assert json.loads((index_dir / "manifest.json").read_text("utf-8"))["entries"] == len(index.ids)


def test_broken_corpus_keeps_serving_the_last_good_version(small_corpus, tmp_path):
    index_dir = tmp_path / "index"
    _open(small_corpus, index_dir, say=lambda m: None)
    doc = small_corpus / "utsatta-grupper-2021-06-07.txt"
    good = _open(small_corpus, index_dir, say=lambda m: None)
    text = doc.read_text("utf-8")
    line = text.splitlines().index(" • Lunds kommun") + 1
    doc.write_text(text.replace(" • Lunds kommun", " • "), "utf-8")
    seen, say = _messages()
    index = _open(small_corpus, index_dir, say=say)
    assert index.ids == good.ids
    assert f"rad {line}" in index.warning and seen
    assert read_manifest(index_dir)["entries"] == len(good.ids)


def test_sentence_and_word_vectors_are_built_and_damaged_lists_rebuilt(small_corpus, tmp_path):
    index_dir = tmp_path / "index"
    kb = _open(small_corpus, index_dir, say=lambda m: None)
    expected = [i for i, e in enumerate(kb.document.entries) for _ in e.sentence_passages()]
    assert kb.sentence_owner.tolist() == expected and kb.sentences.ntotal == len(expected)
    assert read_manifest(index_dir)["sentences"] == len(expected)

    (index_dir / "sentences.json").write_text(json.dumps([len(kb.ids) + 5]), "utf-8")
    seen, say = _messages()
    again = _open(small_corpus, index_dir, say=say)
    assert seen and "meningsindexet" in seen[0] and again.sentence_owner.tolist() == expected

    # The corpus words embedded alone, for words a question has and the corpus lacks.
    assert again.words.ntotal == len(again.word_list) == read_manifest(index_dir)["words"] > 0
    (index_dir / "words.json").write_text(json.dumps(["kampanj"]), "utf-8")
    seen.clear()
    mended = _open(small_corpus, index_dir, say=say)
    assert seen and "ordindexet" in seen[0] and mended.word_list == again.word_list
