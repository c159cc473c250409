"""What a phone downloads when it opens a page, before the reader scrolls:
every request with its compressed size (bytes over the wire, headers
included), measured as Lighthouse's mobile preset sees it.

    python scripts/first_load.py SITE_DIR [PAGE]    # default: chapter 13

The site is served gzipped (level 6, as a static host serves it) from
127.0.0.1; Debian's chromium opens the page at Lighthouse's phone screen
(412 x 823 CSS px, device pixel ratio 1.75) under the same network emulation
Lighthouse's simulated throttling sets (which decides how far ahead the
browser's own loading="lazy" fetches), and waits until the network is quiet.
Bytes are counted, not timed: the same site gives the same list."""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
PAGE = "lessons/loss-landscape/"
GOAL_BYTES = 180_000  # issue 14: chapter 13's first load at phone size
PHONE = {  # Lighthouse's mobile preset (moto g power)
    "viewport": {"width": 412, "height": 823},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}
# What Lighthouse sends when its throttling is simulated (emulation.js).
NO_THROTTLING = {"offline": False, "latency": 0, "downloadThroughput": 0}
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
QUIET_MS = 1500  # no request for this long: the first load is over


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped (level 6, like nginx's gzip on) when the client
    accepts it; compressed bodies are kept in memory."""

    cache: dict[Path, bytes] = {}

    def log_message(self, format, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)
        return None


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A gzipping server of folder on a free port, and its URL."""
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure(browser, url: str) -> list[tuple[str, int]]:
    """(URL, bytes transferred) of every request the page makes at phone size
    until the network has been quiet for QUIET_MS, largest first; requests of
    its workers included, data: URLs left out."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions", {**NO_THROTTLING, "uploadThroughput": 0}
        )
        finished = []
        context.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="load")
        seen = -1
        while seen != len(finished):  # until a quiet spell adds nothing
            seen = len(finished)
            page.wait_for_timeout(QUIET_MS)
        rows = []
        for request in finished:
            if request.url.startswith("data:"):
                continue
            sizes = request.sizes()
            rows.append(
                (request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"])
            )
        return sorted(rows, key=lambda row: (-row[1], row[0]))
    finally:
        context.close()


def breakdown(rows: list[tuple[str, int]]) -> list[str]:
    """One line per request (KB, path on the server), then the total."""
    lines = [f"{size / 1000:8.1f} KB  {urlsplit(url).path}" for url, size in rows]
    lines.append(
        f"{sum(size for _, size in rows) / 1000:8.1f} KB  in {len(rows)} requests"
    )
    return lines


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    if not argv or not Path(argv[0]).is_dir():
        print(__doc__.split("\n\n")[1])
        return 2
    path = argv[1] if len(argv) > 1 else PAGE
    server, base = serve(Path(argv[0]))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True
            )
            rows = measure(browser, base + path)
            browser.close()
    finally:
        server.shutdown()
    goal = f"goal <= {GOAL_BYTES / 1000:.0f} KB"
    print(f"first load of /{path} at 412 px, compressed ({goal}):")
    print("\n".join(breakdown(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
