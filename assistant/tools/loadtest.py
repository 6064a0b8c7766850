"""Many users at once, through the server's real HTTP routes on loopback: the JSON API (`POST /api/fraga`)
and Gradio's `/svara` (through gradio_client), in the same run, beside the in-process `ask` as the floor.

A single client first answers every question alone; then N clients, each with its own connection or
gradio_client session, ask the same questions concurrently. Every concurrent answer must equal the
single-client one, the JSON route's must equal `Assistant.ask`'s record, and no request may fail.
"""

from __future__ import annotations

import http.client
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
    route: str
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

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s else 0.0

    def summary(self) -> str:
        return (f"{self.route}: {self.questions} frågor från {self.clients} samtidiga klienter på {self.wall_s:.1f} s "
                f"({self.per_second:.1f} frågor/s): {len(self.errors)} fel, {len(self.mismatches)} avvikande svar, "
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


class JsonClient:
    """One keep-alive HTTP connection to the JSON API, as an intranet page or script would hold it."""

    def __init__(self, url: str):
        parsed = urlparse(url)
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=60)

    def post(self, path: str, body: dict) -> tuple[int, dict]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.conn.request("POST", path, data, {"Content-Type": "application/json"})
        response = self.conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")

    def predict(self, question: str, *args, api_name: str) -> dict:
        status, record = self.post("/api/fraga", {"fråga": question, "k": 10})
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {record.get('fel')}")
        return record


def _make_client(route: str, url: str):
    return _client(url) if route == "/svara" else JsonClient(url)


def _ask(client, question: str) -> dict:
    return client.predict(question, "", "", 10, api_name="/svara")


def in_process(assistant, questions: list[str]) -> tuple[dict[str, dict], tuple[float, ...]]:
    """The floor: the same questions through `Assistant.ask` in this process, one at a time."""
    from ..query import Question

    records, latencies = {}, []
    for q in questions:
        t0 = time.perf_counter()
        record = assistant.ask(Question(q, k=10)).to_record(entries=True)
        records[q] = json.loads(json.dumps(record, ensure_ascii=False))  # as it reads after the wire (lists)
        latencies.append((time.perf_counter() - t0) * 1000)
    return records, tuple(latencies)


def run_load(url: str, questions: list[str], clients: int = 20, route: str = "/svara",
             reference: dict[str, dict] | None = None) -> LoadReport:
    """Ask `questions` split over `clients` concurrent sessions; compare with one client's answers (and with
    `reference`, the in-process records, where given)."""
    require_loopback(url)
    try:
        single = _make_client(route, url)
        expected = {q: _ask(single, q) for q in dict.fromkeys(questions)}
    except Exception as exc:  # connection refused, not a Gradio app, no /svara: all say the same to the user
        raise LoadError(f"servern på {url} svarar inte som Insatsguiden ({type(exc).__name__}: {exc})") from exc
    differs = tuple(f"{q[:60]!r}: {route} svarar inte som Assistant.ask" for q in expected
                    if reference is not None and expected[q] != reference.get(q))
    shares = [questions[i::clients] for i in range(clients)]
    start_together = threading.Barrier(clients)
    latencies: list[float] = []
    errors: list[str] = []
    mismatches: list[str] = []
    lock = threading.Lock()

    def worker(share: list[str]) -> None:
        try:
            client = _make_client(route, url)
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
    return LoadReport(route, clients, len(questions), tuple(errors), differs + tuple(mismatches), tuple(latencies),
                      wall)


def run_feedback_load(url: str, clients: int = 20, per_client: int = 5) -> tuple[int, list[str]]:
    """`clients` sessions send thumbs at once, half through Gradio's `/aterkoppling` and half through the
    JSON API's `/api/aterkoppling`; returns (saved, failures)."""
    require_loopback(url)
    start_together = threading.Barrier(clients)
    failures: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> int:
        try:
            client = _client(url) if n % 2 == 0 else JsonClient(url)
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
            question, verdict = f"klient {n} fråga {i} äldre på Gotland", "upp" if i % 2 == 0 else "ner"
            try:
                if isinstance(client, JsonClient):
                    status, r = client.post("/api/aterkoppling", {"fråga": question, "omdöme": verdict,
                                                                  "poster": ["aldre/gotland", "aldre/region-gotland"]})
                    ok, message = status == 200 and r.get("sparad"), r.get("fel")
                else:
                    r = client.predict(question, "aldre/gotland, aldre/region-gotland", verdict,
                                       api_name="/aterkoppling")
                    ok, message = r.get("saved"), r.get("message")
            except Exception as exc:
                with lock:
                    failures.append(f"{type(exc).__name__}: {exc}")
                continue
            if ok:
                sent += 1
            else:
                with lock:
                    failures.append(str(message))
        return sent

    with ThreadPoolExecutor(max_workers=clients) as pool:
        sent = sum(pool.map(worker, range(clients)))
    return sent, failures


def ratio_table(reports: list[LoadReport], floor_ms: tuple[float, ...]) -> str:
    """Each route beside the in-process `ask` of the same run: what serving costs on top of the work."""
    floor_p50, floor_p95 = pct(list(floor_ms), 50), pct(list(floor_ms), 95)
    floor_qps = 1000 / (sum(floor_ms) / len(floor_ms)) if floor_ms else 0.0
    lines = ["| väg | frågor/s | p50 ms | p95 ms | p50 / ask | p95 / ask | frågor/s / ask |", "|---|---|---|---|---|---|---|",
             f"| Assistant.ask i processen, en åt gången | {floor_qps:.1f} | {floor_p50:.1f} | {floor_p95:.1f} | 1 | 1 | 1 |"]
    for r in reports:
        lines.append(f"| {r.route} ({r.clients} klienter) | {r.per_second:.1f} | {r.p50:.0f} | {r.p95:.0f} | "
                     f"{r.p50 / floor_p50:.1f} | {r.p95 / floor_p95:.1f} | {r.per_second / floor_qps:.2f} |")
    return "\n".join(lines)
