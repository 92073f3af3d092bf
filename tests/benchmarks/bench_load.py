"""Throughput under load: wrk against gunicorn (DEBUG=0, shared caches) on a seeded database.

Seed first, then run, e.g.:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python manage.py seed_synthetic
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python tests/benchmarks/bench_load.py

Starts gunicorn (``--workers``, default 3) with production settings on a free local port (the
anonymous rate limit switched off, as one wrk client would otherwise be refused), then runs wrk
(``--connections`` 64, ``--duration`` seconds each) on: a cached page, a cached API list,
API lists with a distinct filter on every request (never in the cache), and an OPTIMADE filter,
both as one repeated URL and with a distinct page offset per request (the counts stay cached).
wrk comes from Debian's package, installed here when missing and running as root.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPTIMADE_FILTER = "/optimade/v1/structures?filter=elements%20HAS%20%22S%22%20AND%20nelements%3E%3D3&page_limit=20"

# (label, path, Lua body that makes each request's path distinct, or None for one URL)
SCENARIOS = [
    ("page /materials/ (cached)", "/materials/", None),
    ("API /api/v1/materials/?page_size=20 (cached)", "/api/v1/materials/?page_size=20", None),
    (
        "API lists, distinct sigma filter each request (uncached)",
        "/api/v1/materials/",
        'return wrk.format(nil, "/api/v1/materials/?page_size=20&ionic_conductivity_min=" .. '
        "string.format('%.9e', math.random() * 1e-3))",
    ),
    ("OPTIMADE filter, one URL (cached)", OPTIMADE_FILTER, None),
    (
        "OPTIMADE filter, distinct page_offset (response uncached, counts cached)",
        OPTIMADE_FILTER,
        f'return wrk.format(nil, "{OPTIMADE_FILTER}&page_offset=" .. math.random(0, 5000))',
    ),
]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env)  # noqa: S607
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed (Debian package 'wrk').")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-only-" * 3,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        # Plain HTTP on localhost: no HTTPS redirect, no secure-only cookies.
        "TLS_PROXY_REDIRECTS": "1",
        "SECURE_COOKIES": "0",
        "API_ANON_RATE": "none",
        "API_USER_RATE": "none",
        "LOG_LEVEL": "ERROR",
    }


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our local server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def run_wrk(wrk: str, base: str, path: str, lua: str | None, args) -> dict:
    command = [wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    script = None
    if lua:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        script.write(f"math.randomseed(os.time())\nrequest = function()\n  {lua}\nend\n")
        script.close()
        command += ["-s", script.name]
    out = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout  # noqa: S603
    if script:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    # The latency distribution's own lines ("     50%  984.86ms"), not a percentage in the thread statistics.
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)
    return {
        "rps": rps,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": errors.group(1) if errors else "none",
        "p50": p50,
        "p99": p99,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60, help="seconds per scenario (default 60)")
    parser.add_argument(
        "--no-response-cache", action="store_true", help="RESPONSE_CACHE=0: every request runs its view"
    )
    parser.add_argument("--only", default="", help="run only the scenarios whose label contains this text")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("Set DATABASE_URL (or --database-url) to the seeded database.")
    wrk = ensure_wrk()
    env = server_env(args.database_url)
    if args.no_response_cache:
        env["RESPONSE_CACHE"] = "0"
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    port = free_port()
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "electrolytes.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/api/v1/materials/?page_size=20")
        cache = "off" if args.no_response_cache else "on"
        print(
            f"response cache {cache}, gunicorn {args.workers} workers, "
            f"wrk -t2 -c{args.connections} -d{args.duration}s, load {os.getloadavg()}"
        )
        for label, path, lua in SCENARIOS:
            if args.only not in label:
                continue
            urllib.request.urlopen(base + path, timeout=120).read()  # noqa: S310 (warm the cache)
            result = run_wrk(wrk, base, path, lua, args)
            print(
                f"{label:75s} {result['rps']:8.1f} req/s  p50 {result['p50']:>8s}  p99 {result['p99']:>8s}  "
                f"non-2xx {result['non_2xx']}  socket errors {result['errors']}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
