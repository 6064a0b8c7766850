"""Shared fixtures: one assistant over a private copy of the corpus and a private index folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
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
    feedback = tmp_path_factory.mktemp("fb") / "feedback.jsonl"
    log = tmp_path_factory.mktemp("log") / "serve.log"
    proc, url = start_server(workdir, feedback, log)
    yield {"url": url, "feedback": feedback, "proc": proc, "log": log}
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="session")
def client(server):
    from gradio_client import Client

    return Client(server["url"], verbose=False)
