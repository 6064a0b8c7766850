"""Many users at once, through the app's real HTTP API (`/svara`, `/aterkoppling`) on loopback.

A single client first answers every question alone; then N clients, each with
its own gradio_client session, ask the same questions concurrently. Every
concurrent answer must equal the single-client one, and no request may fail.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from .stats import pct

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class LoadError(RuntimeError):
    """The server under test cannot be reached or does not answer as Insatsguiden."""


@dataclass(frozen=True)
class LoadReport:
    clients: int
    questions: int
    errors: tuple[str, ...]
    mismatches: tuple[str, ...]
    latencies_ms: tuple[float, ...] = field(repr=False)
    wall_s: float

    @property
    def p50(self) -> float:
        return pct(list(self.latencies_ms), 50)

    @property
    def p95(self) -> float:
        return pct(list(self.latencies_ms), 95)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.mismatches

    def summary(self) -> str:
        return (f"{self.questions} frågor från {self.clients} samtidiga klienter på {self.wall_s:.1f} s: "
                f"{len(self.errors)} fel, {len(self.mismatches)} avvikande svar, "
                f"latens p50 {self.p50:.0f} ms, p95 {self.p95:.0f} ms")


def require_loopback(url: str) -> None:
    """The load test only ever talks to this machine."""
    host = urlparse(url).hostname or ""
    if host not in LOOPBACK:
        raise ValueError(f"lasttestet körs bara mot den här datorn (127.0.0.1), inte mot {host or url}")


def questions_from(path: Path, count: int, distinct: int | None = None) -> list[str]:
    """`count` questions cycled from the first `distinct` of a gold file (JSON lines with "query")
    or of a plain file with one question per line."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pool = [json.loads(line)["query"] if line.lstrip().startswith("{") else line for line in lines][:distinct]
    if not pool:
        raise ValueError(f"{path} innehåller inga frågor")
    return [pool[i % len(pool)] for i in range(count)]


def _client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False)


def _ask(client, question: str) -> dict:
    return client.predict(question, "", "", 10, api_name="/svara")


def run_load(url: str, questions: list[str], clients: int = 20) -> LoadReport:
    """Ask `questions` split over `clients` concurrent sessions; compare with one client's answers."""
    require_loopback(url)
    try:
        single = _client(url)
        expected = {q: _ask(single, q) for q in dict.fromkeys(questions)}
    except Exception as exc:  # connection refused, not a Gradio app, no /svara: all say the same to the user
        raise LoadError(f"servern på {url} svarar inte som Insatsguiden ({type(exc).__name__}: {exc})") from exc
    shares = [questions[i::clients] for i in range(clients)]
    start_together = threading.Barrier(clients)
    latencies: list[float] = []
    errors: list[str] = []
    mismatches: list[str] = []
    lock = threading.Lock()

    def worker(share: list[str]) -> None:
        try:
            client = _client(url)
        except Exception as exc:  # a client that cannot connect is an error to report, not a crash
            with lock:
                errors.append(f"anslutning: {type(exc).__name__}: {exc}")
            start_together.abort()
            return
        try:
            start_together.wait(timeout=120)
        except threading.BrokenBarrierError:
            pass
        for q in share:
            t0 = time.perf_counter()
            try:
                got = _ask(client, q)
            except Exception as exc:
                with lock:
                    errors.append(f"{q[:60]!r}: {type(exc).__name__}: {exc}")
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if got != expected[q]:
                    mismatches.append(q)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(worker, shares))
    wall = time.perf_counter() - t0
    return LoadReport(clients, len(questions), tuple(errors), tuple(mismatches), tuple(latencies), wall)


def run_feedback_load(url: str, clients: int = 20, per_client: int = 5) -> tuple[int, list[str]]:
    """`clients` sessions send thumbs at once through `/aterkoppling`; returns (sent, failures)."""
    require_loopback(url)
    start_together = threading.Barrier(clients)
    failures: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> int:
        try:
            client = _client(url)
        except Exception as exc:
            with lock:
                failures.append(f"anslutning: {type(exc).__name__}: {exc}")
            start_together.abort()
            return 0
        try:
            start_together.wait(timeout=120)
        except threading.BrokenBarrierError:
            pass
        sent = 0
        for i in range(per_client):
            try:
                r = client.predict(f"klient {n} fråga {i} äldre på Gotland", "aldre/gotland, aldre/region-gotland",
                                   "upp" if i % 2 == 0 else "ner", api_name="/aterkoppling")
            except Exception as exc:
                with lock:
                    failures.append(f"{type(exc).__name__}: {exc}")
                continue
            if r.get("saved"):
                sent += 1
            else:
                with lock:
                    failures.append(str(r.get("message")))
        return sent

    with ThreadPoolExecutor(max_workers=clients) as pool:
        sent = sum(pool.map(worker, range(clients)))
    return sent, failures


def serve_in_thread(assistant, feedback_path: Path):
    """Start the app on a free loopback port in this process; returns (demo, url)."""
    from ..app import build_app

    demo = build_app(assistant, feedback_path)
    _, url, _ = demo.launch(server_name="127.0.0.1", server_port=None, prevent_thread_lock=True, quiet=True,
                            share=False, inbrowser=False, ssr_mode=False)
    return demo, url
