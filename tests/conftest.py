"""Shared fixtures: one assistant over a private copy of the corpus and a private index folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("insatsguiden")
    shutil.copytree(CORPUS, base / "corpus")
    return base


@pytest.fixture(scope="session")
def assistant(workdir):
    from assistant.pipeline import Assistant

    return Assistant.open(workdir / "corpus", workdir / "index")


@pytest.fixture(scope="session")
def document():
    from assistant.corpus import load_document

    return load_document(CORPUS)


@pytest.fixture(scope="session")
def gazetteer():
    from assistant.places import load_gazetteer

    return load_gazetteer(CORPUS)


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
