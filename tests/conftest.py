"""Shared fixtures.

Two tiers (see README): the fast tier runs on a small fixture corpus (tests/fixtures/corpus, written in the
document's real format) with a deterministic fake embedder; everything that needs the real model, a
subprocess, a server, a browser or a rebuild of the real index is marked `slow` here (run the fast tier
alone with `./run tests -m "not slow"`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
# Fixtures whose use makes a test slow: the real model, the real index, subprocesses and servers.
SLOW_FIXTURES = {"assistant", "workdir", "server", "client", "corpus_copy"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


class HashEmbedder:
    """A deterministic stand-in for the model: each word stem hashed to a signed dimension, summed and
    normalised. Texts that share words are similar, so dense scores behave sensibly on the fixture."""

    name = "test-hash"
    dimension = 64

    def _vector(self, text: str) -> np.ndarray:
        from assistant.lexical import stem
        from assistant.text import words

        v = np.zeros(self.dimension, dtype=np.float32)
        for w in words(text):
            h = zlib.crc32(stem(w).encode("utf-8"))
            v[h % self.dimension] += 1.0 if (h >> 8) & 1 else -1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def encode_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)


@pytest.fixture(scope="session")
def fake_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def small(tmp_path_factory, fake_embedder):
    """The assistant over the fixture corpus with the fake embedder (fast tier)."""
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    base = tmp_path_factory.mktemp("small")
    shutil.copytree(FIXTURE_CORPUS, base / "corpus")
    settings = Settings(base / "corpus", base / "index", fake_embedder.name)
    return Assistant.open(settings, say=lambda m: None, embedder=fake_embedder)


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, target)
    return target


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("insatsguiden")
    shutil.copytree(CORPUS, base / "corpus")
    return base


@pytest.fixture(scope="session")
def assistant(workdir):
    """The real corpus with the default model, as users get it (slow tier)."""
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    return Assistant.open(Settings.resolve(workdir / "corpus", workdir / "index"), say=lambda m: None)


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


def ask(assistant, text: str, **kw):
    """One question through the one way in."""
    from assistant.query import Question

    return assistant.ask(Question(text, **kw))


def hit_ids(answer) -> list[str]:
    return [h.entry_id for h in answer.hits]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workdir: Path, feedback: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    """The real `insatsguiden serve` on a free loopback port; returns once the port answers."""
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), "--corpus", str(workdir / "corpus"),
         "--index", str(workdir / "index"), "--feedback", str(feedback)],
        stdout=log, stderr=subprocess.STDOUT, text=True, env=env,
    )
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, f"http://127.0.0.1:{port}/"
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(log_path.read_text())
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("servern startade inte")


@pytest.fixture(scope="session")
def server(workdir, assistant, tmp_path_factory):
    """One server for the app, load and hostile-input tests; its index is already built."""
    feedback = tmp_path_factory.mktemp("fb") / "feedback.sqlite"
    log = tmp_path_factory.mktemp("log") / "serve.log"
    proc, url = start_server(workdir, feedback, log)
    yield {"url": url, "feedback": feedback, "proc": proc, "log": log}
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="session")
def client(server):
    from gradio_client import Client

    return Client(server["url"], verbose=False)
