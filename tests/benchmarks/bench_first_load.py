"""First load of the chart pages in Chromium, from the browser's own timing API (Navigation Timing).

Start the development server with the datasets loaded (``make run``: setup also gzips plotly), then:

    .venv/bin/python tests/benchmarks/bench_first_load.py http://127.0.0.1:8000 [slug,slug,...]

Each page is opened in a fresh browser profile (empty cache: a first visit), then once more in the same
profile (a repeat visit, plotly from the cache). Prints, per page, the milliseconds from navigation start
to the load event and to the charts being drawn (data-traces set by static/js/charts.js), and the bytes
plotly took on the wire. Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import sys
import tempfile

from playwright.sync_api import sync_playwright

TIMING = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const plotly = performance.getEntriesByType('resource').find(r => r.name.includes('plotly'));
  return {load: nav.loadEventEnd - nav.startTime, html: nav.responseEnd - nav.startTime,
          plotly_wire: plotly ? plotly.transferSize : null, plotly_body: plotly ? plotly.decodedBodySize : null};
}"""
# When charts.js had drawn every figure (its performance mark), else now: polling alone would also count
# whatever script runs right after the drawing (the structure viewer's library) before the poll notices.
DRAWN = """() => {
  const mark = performance.getEntriesByName('charts-drawn')[0];
  return mark ? mark.startTime : performance.now();
}"""


def measure(playwright, url: str) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"],
            viewport={"width": 1366, "height": 900},
        )  # fmt: skip
        for visit in ("first", "repeat"):
            page = context.new_page()
            page.goto(url, wait_until="load")
            if page.locator("[data-figure]").count():
                page.wait_for_function(
                    "Array.from(document.querySelectorAll('[data-figure]')).every(e => e.dataset.traces)"
                )
            drawn = page.evaluate(DRAWN)
            timing = page.evaluate(TIMING)
            results.append({"visit": visit, "drawn": drawn, **timing})
            page.close()
        context.close()
    return results


def main() -> None:
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    slugs = sys.argv[2].split(",") if len(sys.argv) > 2 else []
    pages = {"compare": f"{base}/compare/?materials={','.join(slugs[:4])}"} if slugs else {}
    pages.update({f"material {slug}": f"{base}/materials/{slug}/" for slug in slugs[:4]})
    pages["explore"] = f"{base}/explore/"
    with sync_playwright() as playwright:
        for name, url in pages.items():
            for r in measure(playwright, url):
                wire = f"{r['plotly_wire'] / 1e6:.2f} MB" if r["plotly_wire"] else "cache/none"
                print(
                    f"{name:40s} {r['visit']:6s} html {r['html']:6.0f} ms  load {r['load']:6.0f} ms  "
                    f"charts drawn {r['drawn']:6.0f} ms  plotly on the wire {wire}"
                )


if __name__ == "__main__":
    main()
