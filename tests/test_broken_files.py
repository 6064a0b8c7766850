"""Damaged index files, a corpus that cannot be read, a missing model: a one-line message and, where safe,
an automatic rebuild. A broken new corpus never replaces a working index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import IndexBuildError
from assistant.indexing import build, open_index, read_manifest
from assistant.settings import Settings

# One file of each kind the index holds; each is damaged in one of three ways (deleted, truncated, junk).
INDEX_FILES = [("manifest.json", "raderad"), ("dense.faiss", "avkortad"), ("ids.json", "skräp"),
               ("analyzer.json", "raderad"), ("lexical/vocab.index.json", "skräp"),
               ("lexical/data.csc.index.npy", "avkortad")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One good fixture corpus and index (fake embedder); each test works on its own copy."""
    from conftest import FIXTURE_CORPUS, HashEmbedder

    base = tmp_path_factory.mktemp("good")
    shutil.copytree(FIXTURE_CORPUS, base / "corpus")
    kb = open_index(Settings(base / "corpus", base / "index", HashEmbedder.name), say=lambda m: None,
                    embedder=HashEmbedder())
    return base, sorted(kb.ids)


@pytest.fixture()
def work(built, tmp_path):
    base, _ = built
    shutil.copytree(base / "corpus", tmp_path / "corpus")
    shutil.copytree(base / "index", tmp_path / "index")
    return tmp_path


def _open(work: Path, say):
    from conftest import HashEmbedder

    return open_index(Settings(work / "corpus", work / "index", HashEmbedder.name), say=say, embedder=HashEmbedder())


def _damage(path: Path, how: str) -> None:
    if how == "raderad":
        path.unlink()
    elif how == "avkortad":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(os.urandom(max(64, path.stat().st_size)))


@pytest.mark.parametrize(("name", "how"), INDEX_FILES)
def test_each_damaged_index_file_is_rebuilt_with_one_message(work, built, name, how):
    _damage(work / "index" / name, how)
    seen: list[str] = []
    kb = _open(work, seen.append)
    assert sorted(kb.ids) == built[1]
    assert len(seen) == 1 and seen[0].startswith("Bygger index (") and "\n" not in seen[0]
    again: list[str] = []
    _open(work, again.append)
    assert again == []  # the rebuilt index is whole


def test_manifest_that_disagrees_with_the_corpus_means_rebuild(work, built):
    manifest = read_manifest(work / "index")
    (work / "index" / "manifest.json").write_text(json.dumps({**manifest, "corpus_hash": "0" * 64}), "utf-8")
    seen: list[str] = []
    _open(work, seen.append)
    assert seen == ["Bygger index (korpusen har ändrats) …"]

    ids = work / "index" / "ids.json"
    ids.write_text(json.dumps(list(reversed(json.loads(ids.read_text("utf-8"))))), "utf-8")
    seen.clear()
    kb = _open(work, seen.append)
    assert seen == ["Bygger index (indexet stämmer inte med korpusen) …"] and sorted(kb.ids) == built[1]


def test_unreadable_corpus_keeps_the_working_index(work, built):
    doc = work / "corpus" / "utsatta-grupper-2021-06-07.txt"
    doc.write_bytes(b"\xff\xfe trasig \x80\x81" + doc.read_bytes()[:200])
    before = read_manifest(work / "index")
    seen: list[str] = []
    kb = _open(work, seen.append)
    assert sorted(kb.ids) == built[1] and "kunde inte läsas" in kb.warning
    assert read_manifest(work / "index") == before  # not rebuilt from the broken corpus
    assert len(seen) == 1 and "senast fungerande" in seen[0]


def test_a_folder_with_other_files_is_never_swapped_away(work):
    from conftest import HashEmbedder

    mine = work / "mina-filer"
    mine.mkdir()
    (mine / "viktigt.docx").write_text("mitt arbete")
    with pytest.raises(IndexBuildError, match="annat än ett index"):
        build(Settings(work / "corpus", mine, HashEmbedder.name), embedder=HashEmbedder(), progress=False)
    assert (mine / "viktigt.docx").read_text() == "mitt arbete" and sorted(p.name for p in mine.iterdir()) == ["viktigt.docx"]
    afile = work / "en-fil"
    afile.write_text("x")
    with pytest.raises(IndexBuildError, match="ingen mapp"):
        build(Settings(work / "corpus", afile, HashEmbedder.name), embedder=HashEmbedder(), progress=False)
    assert afile.read_text() == "x"


def cli(args: list[str], work: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **(extra_env or {})}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args, "--corpus", str(work / "corpus"),
                           "--index", str(work / "index")], capture_output=True, text=True, env=env, timeout=300)


def _one_line_error(out: subprocess.CompletedProcess) -> str:
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    lines = [line for line in out.stderr.splitlines() if line.startswith("Fel:")]
    assert len(lines) == 1, out.stderr
    return lines[0]


@pytest.mark.slow
@pytest.mark.parametrize("model", ["/finns/inte/modell", "någon-org/modell-som-inte-finns-på-disk"])
def test_missing_model_is_one_line_and_leaves_the_index(work, model):
    before = read_manifest(work / "index")
    line = _one_line_error(cli(["ask", "äldre på Gotland", "--model", model], work))
    assert "modellen" in line and model in line and ("--model" in line or "finns inte på disk" in line)
    assert read_manifest(work / "index") == before
    line = _one_line_error(cli(["ask", "äldre på Gotland"], work, {"INSATSGUIDEN_MODEL": model}))
    assert model in line


@pytest.mark.slow
def test_unreadable_corpus_without_an_index_is_one_line(tmp_path):
    from conftest import CORPUS

    shutil.copytree(CORPUS, tmp_path / "corpus")
    (tmp_path / "corpus" / "utsatta-grupper-2021-06-07.txt").write_bytes(b"\x80\x81\x82")
    line = _one_line_error(cli(["ask", "äldre"], tmp_path))
    assert "utsatta-grupper-2021-06-07.txt" in line and "kunde inte läsas" in line
    (tmp_path / "corpus" / "kommuner.csv").unlink()
    (tmp_path / "corpus" / "utsatta-grupper-2021-06-07.txt").write_text("ÄLDRE\n", "utf-8")
    line = _one_line_error(cli(["ask", "äldre"], tmp_path))
    assert "Fel:" in line
    assert not (tmp_path / "index" / "manifest.json").exists()


@pytest.mark.slow
def test_two_processes_starting_on_a_missing_index_build_it_once(tmp_path):
    from conftest import CORPUS

    shutil.copytree(CORPUS, tmp_path / "corpus")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "assistant.cli", "ask", "äldre på Gotland", "--json", "--corpus",
           str(tmp_path / "corpus"), "--index", str(tmp_path / "index")]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sum(err.count("Bygger index") for _, err in outs) == 1
    answers = [json.loads(out)["hits"] for out, _ in outs]
    assert answers[0] == answers[1] and answers[0]
    assert read_manifest(tmp_path / "index")["entries"] == 56
