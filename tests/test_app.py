"""The chat app through gradio_client and in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_api_gotland_question(client):
    r = client.predict("vad finns för äldre på Gotland?", "", "", 10, api_name="/svara")
    assert sorted(h["id"] for h in r["hits"]) == ["aldre/gotland", "aldre/region-gotland"]
    assert r["places"] == ["Gotland"] and r["groups"] == ["Äldre"] and r["abstained"] is False
    links = [l["url"] for e in r["entries"] for l in e["links"]]
    assert links == ["https://www.gotland.se/", "https://www.gotland.se/"]


def test_api_filters_and_abstention(client):
    r = client.predict("vad finns?", "Barn och unga", "Skåne län", 10, api_name="/svara")
    assert [h["id"] for h in r["hits"]] == ["barn-och-unga/malmo-stad"]
    assert "Filter: Barn och unga, Skåne län" in r["answer"]
    r = client.predict("Hur söker jag bygglov?", "", "", 10, api_name="/svara")
    assert r["abstained"] is True and r["hits"] == []


def _listening(port: int) -> list[str]:
    """Local addresses listening on the port, read from the kernel's own tables (no tool needed)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            addr, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:  # 0A = LISTEN
                found.append(addr)
    return found


def test_server_binds_loopback_only(server):
    port = int(server["url"].rsplit(":", 1)[1].strip("/"))
    addresses = _listening(port)
    assert addresses, "the server's port is not listening"
    # 0100007F is 127.0.0.1 in the kernel's byte order; IPv6 loopback is ::1.
    assert all(a in ("0100007F", "00000000000000000000000001000000") for a in addresses), addresses


@pytest.mark.browser
def test_in_a_real_browser(server, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: ./run tests installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
        page.goto(server["url"], wait_until="load")
        page.locator("#send").wait_for(timeout=30000)
        assert "Insatsguiden" in page.content()
        assert "Jämställdhetsmyndigheten" in page.inner_text("body")

        page.get_by_text("vad finns för äldre på Gotland?").first.click()
        page.locator("#send").click()
        bot = page.locator("#chat")
        bot.get_by_text("På Gotlands äldreboenden kan äldre låna en Ipad.").wait_for(timeout=30000)
        assert "Region Gotland har publicerat separat information riktat till äldre" in " ".join(bot.inner_text().split())
        link = bot.get_by_role("link", name="Läs mer på Region Gotlands hemsida").first
        assert link.get_attribute("href") == "https://www.gotland.se/"
        assert link.get_attribute("target") == "_blank"
        shot = tmp_path / "full-page.png"  # docs/ screenshots are taken by test_browser.py
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000

        # Thumbs up on the answer lands in the feedback database.
        from browser_helpers import feedback_lines, wait_for_lines

        before = len(feedback_lines(server["feedback"]))
        page.locator("#chat button[aria-label='Bra svar']").last.click()
        row = wait_for_lines(server["feedback"], before + 1)[-1]
        assert row["verdict"] == "upp" and sorted(row["entry_ids"]) == ["aldre/gotland", "aldre/region-gotland"]

        # Follow-up keeps the group.
        page.locator("#question textarea").fill("och i Malmö?")
        page.locator("#send").click()
        bot.get_by_text("Dels en för äldre kvinnor.").wait_for(timeout=30000)

        hostile = 'äldre <img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3))'
        page.locator("#question textarea").fill(hostile)
        page.locator("#send").click()
        bot.get_by_text("onerror=alert(1)", exact=False).last.wait_for(timeout=30000)
        page.wait_for_timeout(1000)
        assert dialogs == []
        assert page.locator("#chat img[src='x']").count() == 0
        assert page.locator("#chat script").count() == 0
        assert page.locator("#chat a[href^='javascript']").count() == 0
        browser.close()
    assert outside == [], f"the page asked other hosts: {outside[:5]}"
