"""Take the screenshots docs/pages.md shows: every page, with the shipped graph, in real Chromium.

    .venv/bin/python docs/screenshots.py [--out docs/screenshots]     (or: make screenshots)

Starts the service on a free loopback port (embedded store), drives Debian's Chromium through Playwright
(never a downloaded browser) and writes one PNG per page at laptop width, plus two at phone width.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright

from app.main import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
TALL = 1600


def serve() -> tuple[uvicorn.Server, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def gap_report(page: Page, base: str) -> None:
    """Fill the form as an analyst would: recruitment, provider, EU, one measure."""
    page.goto(f"{base}/ui/gaps")
    page.fill("#name", "CV ranking assistant")
    page.check("input[name=purposes][value=recruitment]")
    page.check("input[name=roles][value=provider]")
    page.check("input[name=markets][value=EU]")
    page.check("input[name=markets][value=JP]")
    page.fill("#measure_addresses-1", "nist-ai-rmf:MAP-1.1 eu-ai-act:Article-10")
    page.fill("#measure_evidence-1", "https://intranet.example/risk-register")
    page.fill("#measure_addresses-2", "jp-aigfb:8-1")
    page.select_option("#measure_status-2", "partial")
    page.click("button.primary")
    page.wait_for_selector("h1:has-text('Gap report')")


def sparql(page: Page, base: str) -> None:
    page.goto(f"{base}/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table.dataTable tbody tr")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "screenshots")
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve()
    shots = [
        ("home", lambda p: p.goto(f"{base}/"), LAPTOP, False),
        ("regime", lambda p: p.goto(f"{base}/ui/regimes/nist-ai-rmf"), LAPTOP, True),
        ("item", lambda p: p.goto(f"{base}/id/eu-ai-act/Article-9"), LAPTOP, True),
        ("search", lambda p: p.goto(f"{base}/ui/search?q=transparency"), LAPTOP, False),
        ("coverage", lambda p: p.goto(f"{base}/ui/coverage"), LAPTOP, True),
        ("crosswalk", lambda p: p.goto(f"{base}/ui/crosswalk?from=m593&to=eu-ai-act"), LAPTOP, True),
        ("gap-form", lambda p: p.goto(f"{base}/ui/gaps?example=cv-ranker"), LAPTOP, False),
        ("gap-report", lambda p: gap_report(p, base), LAPTOP, True),
        ("sparql", lambda p: sparql(p, base), LAPTOP, False),
        ("phone-item", lambda p: p.goto(f"{base}/id/nist-ai-rmf/GOVERN-1.1"), PHONE, True),
        ("phone-gap-report", lambda p: gap_report(p, base), PHONE, True),
    ]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, go, viewport, full in shots:
                context = browser.new_context(viewport=viewport, device_scale_factor=1)
                page = context.new_page()
                go(page)
                path = out / f"{name}.png"
                if full:  # the whole page, cut at TALL pixels
                    height = min(TALL, page.evaluate("document.documentElement.scrollHeight"))
                    clip = {"x": 0, "y": 0, "width": viewport["width"], "height": height}
                    page.screenshot(path=str(path), full_page=True, clip=clip)
                else:
                    page.screenshot(path=str(path))
                print(f"wrote {path}")
                context.close()
            browser.close()
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main()
