"""Shared browser plumbing for the Playwright tests: one Chromium per test module, pages that record every
request leaving 127.0.0.1, and small steps (ask, wait for the answer, read the feedback file)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")
BOT = "#chat .bot-row"
AXE_VERSION = "4.10.3"


@pytest.fixture(scope="module")
def browser():
    """One Debian Chromium for the whole module (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: ./run tests installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory) -> Path:
    """docs/ only when asked for (INSATSGUIDEN_SCREENSHOTS=1): an ordinary test run leaves the work tree clean."""
    if os.environ.get("INSATSGUIDEN_SCREENSHOTS") == "1":
        return ROOT / "docs"
    return tmp_path_factory.mktemp("screenshots")


def open_app(browser, url: str, viewport: dict = DESKTOP, locale: str = "sv-SE", **kw):
    """A fresh page (own session) on the app; `page.outside` lists requests that left 127.0.0.1 and
    `page.errors` the console errors."""
    context = browser.new_context(viewport=viewport, locale=locale, accept_downloads=True, **kw)
    page = context.new_page()
    page.outside, page.errors = [], []
    page.on("request", lambda r: page.outside.append(r.url) if not r.url.startswith(LOCAL) else None)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="load")
    page.locator("#send").wait_for(timeout=30000)
    page.wait_for_timeout(300)
    return page


def answers(page) -> int:
    return page.locator(BOT).count()


def wait_for_answer(page, before: int, timeout: float = 30000) -> None:
    """Until a new answer (ending in its source line) is in the chat and has been scrolled into place."""
    page.wait_for_function(
        """([sel, n]) => { const rows = document.querySelectorAll(sel);
             return rows.length > n && rows[rows.length - 1].innerText.includes('Källa:'); }""",
        arg=[BOT, before], timeout=timeout)
    page.wait_for_timeout(700)


def ask(page, text: str) -> None:
    """Type a question, press the button, wait for the answer."""
    before = answers(page)
    page.locator("#question textarea").fill(text)
    page.locator("#send").click()
    wait_for_answer(page, before)


def last_answer_text(page) -> str:
    return " ".join(page.locator(BOT).last.inner_text().split())


def choose(page, label: str, option: str) -> None:
    """Pick an option in a Gradio dropdown the way a user does (open it by its label, click the option)."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_timeout(300)


def dropdown_value(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def chat_button(page, *names: str):
    """The chat's own buttons by accessible name; older names are accepted where a test is about behaviour,
    not wording (the wording has its own test)."""
    return page.locator(", ".join(f"#chat button[aria-label='{n}']" for n in names)).last


def feedback_lines(path: Path) -> list[dict]:
    """The votes in the server's database, oldest first, as plain dicts."""
    from dataclasses import asdict

    from assistant.feedback import votes

    if not path.exists():
        return []
    return [{**asdict(v), "entry_ids": list(v.entry_ids)} for v in votes(path)]


def wait_for_lines(path: Path, count: int, timeout: float = 15) -> list[dict]:
    deadline = time.time() + timeout
    while time.time() < deadline:
        lines = feedback_lines(path)
        if len(lines) >= count:
            return lines
        time.sleep(0.2)
    return feedback_lines(path)


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored: both are opaque here)."""
    def lum(css: str) -> float:
        parts = [float(x) for x in css[css.index("(") + 1:css.index(")")].replace("/", ",").split(",")[:3]]
        lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else (((c / 255) + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def axe_script(cache: Path | None = None) -> str:
    """axe.min.js from the axe-core npm package (MPL-2.0), fetched once with `npm pack` into a cache folder
    outside the work tree."""
    cache = cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "insatsguiden" / f"axe-core-{AXE_VERSION}"
    target = cache / "axe.min.js"
    if not target.exists():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("npm is missing: the accessibility check needs the axe-core package (apt-get install npm)")
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(cache), "--silent"],
                              capture_output=True, text=True, timeout=180)
        if done.returncode != 0:
            pytest.fail(f"npm pack axe-core failed: {done.stderr[-500:]}")
        tgz = next(cache.glob("axe-core-*.tgz"))
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/axe.min.js")
            target.write_bytes(member.read())
        tgz.unlink()
    return target.read_text("utf-8")
