#!/usr/bin/env python3
"""Checks that a tengen report.html renders and is self-contained.

    check_report_html.py REPORT_HTML OUT_DIR [--chromium PATH] [--min-svgs 6]

1. The HTML holds at least --min-svgs inline <svg> elements and no http(s)
   URL at all (in particular none in src/href attributes or CSS url()).
2. Headless Chromium loads it with every request sent to a logging proxy
   started here (loopback included, so nothing can slip past): the proxy
   must see no request at all. The parsed DOM (--dump-dom) must hold the
   <svg> elements too.
3. Chromium's screenshot (OUT_DIR/screenshot.png, 1200x2400) must not be
   blank: many distinct colours and a fair share of non-background pixels.

Exit status: 0 all checks pass, 1 a check failed (each failure is printed),
77 no Chromium is installed (a CTest SKIP_RETURN_CODE), 2 usage.
Needs Python 3 with PIL (Debian: python3-pil, which python3-matplotlib
brings).
"""

import argparse
import http.server
import json
import os
import re
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading

SKIP = 77
WIDTH, HEIGHT = 1200, 2400

# Chromium's own traffic would go through the proxy too and be taken for the
# page's: background networking and the component updater are switched off,
# the services that ignore those switches (on-demand components, the Google
# accounts check) are pointed at the discard port, which no request reaches
# (nothing listens there), the network time check is a feature, and the
# spell-check dictionary download is a profile preference (see PREFERENCES).
SINK = "http://127.0.0.1:9/"
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    f"--component-updater=url-source={SINK}",
    f"--gaia-url={SINK}",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-extensions",
    "--disable-sync",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--no-default-browser-check",
    "--no-first-run",
    "--no-pings",
]
PREFERENCES = {
    "browser": {"enable_spellchecking": False},
    "spellcheck": {"dictionaries": [], "use_spelling_service": False},
}


def find_chromium(explicit):
    if explicit:
        return shutil.which(explicit)
    # Debian's /usr/bin/chromium is a shell wrapper that adds flags from
    # /etc/chromium.d (remote extensions, API keys); the binary takes ours only.
    if os.access("/usr/lib/chromium/chromium", os.X_OK):
        return "/usr/lib/chromium/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class LoggingProxy:
    """Answers every request with an error and remembers its request line."""

    def __init__(self):
        requests = self.requests = []
        lock = self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self):
                with lock:
                    requests.append(f"{self.command} {self.path}")
                self.send_error(403 if self.command == "CONNECT" else 404, "blocked by check_report_html.py")

            do_GET = do_POST = do_HEAD = do_PUT = do_OPTIONS = do_CONNECT = _record

            def log_message(self, *args):
                pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def seen(self):
        with self.lock:
            return list(self.requests)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def static_checks(text, min_svgs):
    failures = []
    svgs = len(re.findall(r"<svg[\s>]", text, flags=re.I))
    if svgs < min_svgs:
        failures.append(f"{svgs} inline <svg> elements, expected at least {min_svgs}")
    for m in re.finditer(r"""\b(src|href|xlink:href|srcset|poster|action|data)\s*=\s*["']?\s*(https?:)?//[^\s"'>]*""",
                         text, flags=re.I):
        failures.append(f"external reference in an attribute: {m.group(0)}")
    for m in re.finditer(r"""url\(\s*["']?\s*(https?:)?//[^)]*\)|@import[^;]*""", text, flags=re.I):
        failures.append(f"external reference in CSS: {m.group(0)}")
    if re.search(r"<script[^>]*\bsrc\s*=", text, flags=re.I):
        failures.append("a <script src=...> element")
    urls = re.findall(r"https?://[^\s\"'<>)]*", text, flags=re.I)
    if urls:
        failures.append(f"{len(urls)} http(s) URLs in the HTML, e.g. {urls[0]}")
    return svgs, failures


def run_chromium(chromium, proxy_port, profile, extra, url, timeout):
    argv = [
        chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
        f"--user-data-dir={profile}", f"--proxy-server=http://127.0.0.1:{proxy_port}",
        "--proxy-bypass-list=<-loopback>",
        f"--window-size={WIDTH},{HEIGHT}", "--virtual-time-budget=5000"
    ] + QUIET_FLAGS + extra + [url]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, check=False)


def screenshot_checks(png):
    from PIL import Image  # pylint: disable=import-outside-toplevel

    failures = []
    with Image.open(png) as im:
        rgb = im.convert("RGB")
        if rgb.size != (WIDTH, HEIGHT):
            failures.append(f"screenshot is {rgb.size[0]}x{rgb.size[1]}, expected {WIDTH}x{HEIGHT}")
        colors = rgb.getcolors(maxcolors=1 << 24)
        distinct = len(colors)
        background = max(colors)[0] / (rgb.size[0] * rgb.size[1])
    if distinct < 64:
        failures.append(f"screenshot has only {distinct} distinct colours (blank or unstyled?)")
    if background > 0.97:
        failures.append(f"screenshot is {100 * background:.1f}% one colour (blank?)")
    return distinct, background, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html")
    parser.add_argument("out_dir")
    parser.add_argument("--chromium", default="")
    parser.add_argument("--min-svgs", type=int, default=6)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()

    with open(args.html, encoding="utf-8") as f:
        text = f.read()
    svgs, failures = static_checks(text, args.min_svgs)
    print(f"static: {svgs} inline <svg>, {len(failures)} problems")

    chromium = find_chromium(args.chromium)
    if chromium is None:
        for f in failures:
            print(f"FAIL: {f}")
        print("SKIP: no chromium installed")
        return 1 if failures else SKIP

    os.makedirs(args.out_dir, exist_ok=True)
    png = os.path.join(args.out_dir, "screenshot.png")
    if os.path.exists(png):
        os.remove(png)
    url = "file://" + os.path.abspath(args.html)
    proxy = LoggingProxy()
    try:
        with tempfile.TemporaryDirectory(prefix="chromium-profile-", dir=args.out_dir) as profile:
            os.makedirs(os.path.join(profile, "Default"))
            with open(os.path.join(profile, "Default", "Preferences"), "w", encoding="utf-8") as f:
                json.dump(PREFERENCES, f)
            shot = run_chromium(chromium, proxy.port, profile, [f"--screenshot={png}"], url, args.timeout)
            dom = run_chromium(chromium, proxy.port, profile, ["--dump-dom"], url, args.timeout)
    finally:
        proxy.stop()
    requests = proxy.seen()

    if shot.returncode != 0 or not os.path.exists(png):
        stderr = shot.stderr.decode(errors="replace")[-2000:]
        failures.append(f"chromium --screenshot exited {shot.returncode}: {stderr}")
    else:
        distinct, background, shot_failures = screenshot_checks(png)
        failures += shot_failures
        print(f"screenshot: {png}, {distinct} colours, {100 * background:.1f}% background")
    dom_svgs = len(re.findall(r"<svg[\s>]", dom.stdout.decode(errors="replace"), flags=re.I))
    print(f"dom: {dom_svgs} <svg> elements after parsing")
    if dom.returncode != 0:
        failures.append(f"chromium --dump-dom exited {dom.returncode}")
    elif dom_svgs < args.min_svgs:
        failures.append(f"the parsed DOM holds {dom_svgs} <svg> elements, expected at least {args.min_svgs}")
    print(f"proxy: {len(requests)} requests")
    for r in requests:
        failures.append(f"proxy received a request: {r}")

    for f in failures:
        print(f"FAIL: {f}")
    print("OK" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
