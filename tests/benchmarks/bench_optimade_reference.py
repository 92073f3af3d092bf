"""OPTIMADE throughput against the reference server (optimade-python-tools) on the same entries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python tests/benchmarks/bench_optimade_reference.py

1. Starts our app with gunicorn (``--workers``, default 3; DEBUG=0, ``RESPONSE_CACHE=0`` so every request
   runs its view and counts its matches) on DATABASE_URL, and exports every page of our ``/structures`` and
   ``/references`` to ``.bench/optimade-entries.jsonl`` (git-ignored), in the OPTIMADE JSON Lines shape the
   reference server's ``insert_from_jsonl`` reads: an ``x-optimade`` header line, then one resource object per
   line, our ``_ekb_`` fields stored under their unprefixed names (the reference server adds the prefix back
   from its ``provider_fields``).
2. Installs the reference server into its own virtualenv, ``.bench/optimade-server-venv``, from the pinned
   ``tests/benchmarks/requirements-optimade-server.txt`` (again when that file changes), and starts
   ``optimade.server.main:app`` with uvicorn (the same number of workers) on a free port, configured by a
   generated ``OPTIMADE_CONFIG_FILE``: mongomock backend (its default), the JSONL file, our provider prefix
   and fields, no test data, response validation on (its default; ``--no-reference-validation`` turns it off).
3. Checks that both servers match the same entries for every filter (data_returned, and the ids of every page
   up to ``--compare-ids-up-to`` matches) and prints the counts with the first page's bytes, included
   references and time of one request alone; a mismatch is reported, as it makes the comparison unfair.
4. Runs wrk (``--connections`` 64, ``--duration`` seconds) cycling through the same filter URLs, page_limit 20,
   against one server then the other, in ``--rounds`` alternating rounds (ours, reference; reference, ours;
   ...), waiting after each run until the server is idle again (requests wrk abandoned are still worked on), and
   prints req/s, p50/p95/p99 latency, errors, the machine's load average and CPU use for each run, then the
   mean req/s of each server and their ratio.

wrk comes from Debian's package, installed when missing and running as root (as in bench_load.py).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if __package__ in (None, ""):  # run as a script: make ``tests.benchmarks`` importable
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_load import ensure_wrk, free_port, server_env, wait_until_up  # noqa: E402

BENCH_DIR = ROOT / ".bench"
REQUIREMENTS = Path(__file__).with_name("requirements-optimade-server.txt")
VENV = BENCH_DIR / "optimade-server-venv"
JSONL = BENCH_DIR / "optimade-entries.jsonl"
PREFIX = "_ekb_"
OURS_BASE = "/optimade/v1"
REFERENCE_BASE = "/v1"
# The filters both servers answer; the last one is filled with the commonest reduced formula of the export.
FILTERS = [
    'elements HAS "Li"',
    "nelements=4",
    'elements HAS ALL "Li","S"',
    f"{PREFIX}ionic_conductivity>0.001",
    'chemical_formula_reduced="{formula}"',
]
PAGE_LIMIT = 20


# --- export --------------------------------------------------------------------------------------


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310 (our local servers)
        return json.load(response)


def every_entry(base: str, entry: str, page_limit: int = 100) -> list[dict]:
    """Every resource object of an entry listing, page by page (page_offset), without the included ones."""
    found: list[dict] = []
    while True:
        page = get_json(f"{base}/{entry}?page_limit={page_limit}&page_offset={len(found)}&include=")
        found += page["data"]
        if not page["meta"]["more_data_available"] or not page["data"]:
            return found


def stored_document(resource: dict) -> dict:
    """A resource object as a JSONL line: our own link dropped, provider fields without their prefix."""
    attributes = {
        (name[len(PREFIX) :] if name.startswith(PREFIX) else name): value
        for name, value in resource["attributes"].items()
    }
    document = {"id": resource["id"], "type": resource["type"], "attributes": attributes}
    if "relationships" in resource:
        document["relationships"] = resource["relationships"]
    return document


def export_entries(ours: str) -> dict[str, list[str]]:
    """Write our structures and references to JSONL; return the provider fields of each entry type."""
    BENCH_DIR.mkdir(exist_ok=True)
    structures = every_entry(ours, "structures")
    references = every_entry(ours, "references")
    with JSONL.open("w") as handle:
        handle.write(json.dumps({"x-optimade": {"meta": {"api_version": "1.2.0"}}}) + "\n")
        for resource in structures + references:
            handle.write(json.dumps(stored_document(resource)) + "\n")
    print(f"exported {len(structures)} structures and {len(references)} references to {JSONL.relative_to(ROOT)}")
    provider_fields = {}
    for entry, resources in (("structures", structures), ("references", references)):
        names = {name for resource in resources for name in resource["attributes"] if name.startswith(PREFIX)}
        provider_fields[entry] = sorted(name[len(PREFIX) :] for name in names)
    formulas = collections.Counter(r["attributes"]["chemical_formula_reduced"] for r in structures)
    provider_fields["_formula"] = formulas.most_common(1)[0][0] if formulas else "Li"
    return provider_fields


# --- the reference server ------------------------------------------------------------------------


def ensure_reference_venv() -> Path:
    """The reference server's own virtualenv, (re)installed from the pinned file when it changed."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = VENV / ".requirements-sha256"
    python = VENV / "bin" / "python"
    if python.exists() and stamp.exists() and stamp.read_text() == digest:
        return VENV
    BENCH_DIR.mkdir(exist_ok=True)
    print(f"installing the reference server into {VENV.relative_to(ROOT)} from {REQUIREMENTS.name}")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)  # noqa: S603
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)  # noqa: S603
    subprocess.run([str(python), "-m", "pip", "check"], check=True)  # noqa: S603
    stamp.write_text(digest)
    return VENV


def reference_config(port: int, provider_fields: dict[str, list[str]], validate: bool) -> Path:
    config = {
        "debug": False,
        "insert_test_data": False,
        "insert_from_jsonl": str(JSONL),
        "database_backend": "mongomock",
        "base_url": f"http://127.0.0.1:{port}",
        "provider": {
            "prefix": PREFIX.strip("_"),
            "name": "Electrolyte Knowledge Base (benchmark copy)",
            "description": "Our OPTIMADE entries served by the reference server, for a benchmark.",
            "homepage": "http://127.0.0.1/",
        },
        "provider_fields": {entry: provider_fields[entry] for entry in ("structures", "references")},
        "page_limit": PAGE_LIMIT,
        "log_level": "warning",
        "log_dir": str(BENCH_DIR / "optimade-server-logs"),
        "validate_api_response": validate,
    }
    path = BENCH_DIR / "optimade-server-config.json"
    path.write_text(json.dumps(config, indent=2))
    return path


def start_reference(venv: Path, port: int, workers: int, config: Path) -> tuple[subprocess.Popen, Path]:
    log = BENCH_DIR / "optimade-server.log"
    env = {**os.environ, "OPTIMADE_CONFIG_FILE": str(config)}
    uvicorn = [str(venv / "bin" / "uvicorn"), "optimade.server.main:app", "--host", "127.0.0.1"]
    uvicorn += ["--port", str(port), "--workers", str(workers), "--no-access-log", "--log-level", "info"]
    with log.open("w") as handle:
        server = subprocess.Popen(uvicorn, cwd=BENCH_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603
    return server, log


def wait_for_workers(server: subprocess.Popen, log: Path, workers: int, timeout: float = 600) -> None:
    """Until every uvicorn worker has loaded the JSONL into its own mongomock database."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the reference server stopped:\n{log.read_text()[-3000:]}")
        if log.read_text().count("Application startup complete") >= workers:
            return
        time.sleep(0.5)
    raise SystemExit(f"the reference server's workers were not up within {timeout} s:\n{log.read_text()[-3000:]}")


# --- the comparison ------------------------------------------------------------------------------


def filter_path(base: str, condition: str, **extra) -> str:
    query = {"filter": condition, "page_limit": str(PAGE_LIMIT), **extra}
    return f"{base}/structures?{urllib.parse.urlencode(query, quote_via=urllib.parse.quote)}"


def first_page(url: str, condition: str, base: str, up_to: int) -> dict:
    """What one server answers for a filter: its counts, the first page's size, time and included references,
    and the ids of every match (None when more than ``up_to`` match: paging through more is slow on the
    reference server)."""
    started = time.perf_counter()
    with urllib.request.urlopen(url + filter_path(base, condition), timeout=300) as response:  # noqa: S310
        raw = response.read()
    first = json.loads(raw)
    answer = {
        "returned": first["meta"]["data_returned"],
        "available": first["meta"]["data_available"],
        "bytes": len(raw),
        "ms": (time.perf_counter() - started) * 1000,
        "included": len(first.get("included", [])),
        "ids": None,
    }
    if answer["returned"] > up_to:
        return answer
    ids: set[str] = set()
    while True:
        path = filter_path(base, condition, page_offset=str(len(ids)), response_fields="id", include="")
        page = get_json(url + path.replace(f"page_limit={PAGE_LIMIT}", "page_limit=100"))
        ids |= {resource["id"] for resource in page["data"]}
        if not page["meta"]["more_data_available"] or not page["data"]:
            break
    answer["ids"] = ids
    return answer


def compare_counts(ours: str, reference: str, filters: list[str], up_to: int) -> bool:
    """Print both servers' data_returned for every filter and whether they match the same ids (up to ``up_to``
    matches), with the first page's bytes, included references and time of one request alone; False when the
    servers match different entries."""
    print(f"{'filter':42s} {'ours':>6s} {'ref':>6s}  same ids  first page alone, ours / ref: bytes, included, ms")
    fair, fewer_included = True, False
    for condition in filters:
        our, ref = (
            first_page(ours, condition, OURS_BASE, up_to),
            first_page(reference, condition, REFERENCE_BASE, up_to),
        )
        same = our["returned"] == ref["returned"] and our["ids"] == ref["ids"]
        fair &= same and our["available"] == ref["available"]
        fewer_included |= ref["included"] < our["included"]
        verdict = "yes" if same else "NO"
        if same and our["ids"] is None:
            verdict = f"(>{up_to})"  # equal counts, ids not compared
        print(
            f"{condition:42s} {our['returned']:6d} {ref['returned']:6d}  {verdict:8s}  "
            f"{our['bytes']} / {ref['bytes']}, {our['included']} / {ref['included']}, {our['ms']:.0f} / {ref['ms']:.0f}"
        )
    our_available, ref_available = our["available"], ref["available"]
    print(f"data_available: ours {our_available}, reference {ref_available}")
    if fewer_included:
        # optimade 1.5.0 fetches the related references with page_limit=0, which its collections read as their
        # default page_limit: a page citing more references gets only that many under `included`.
        print("note: the reference server includes fewer references (at most its page_limit) than are cited.")
    if not fair:
        print("MISMATCH: the servers do not match the same entries; the comparison below is not like for like.")
    return fair


LUA = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter - 1) %% #paths + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def settle(server: subprocess.Popen, limit: float = 300) -> float:
    """Wait until the server's processes are idle (under 5% of a CPU for a second), so that requests a server
    still works on after wrk has gone (abandoned, not cancelled) do not slow the next run; the seconds waited."""
    import psutil  # in requirements.txt

    started = time.monotonic()
    root = psutil.Process(server.pid)
    while time.monotonic() - started < limit:
        processes = [root, *root.children(recursive=True)]
        before = sum(sum(p.cpu_times()[:2]) for p in processes)
        time.sleep(1)
        if sum(sum(p.cpu_times()[:2]) for p in processes) - before < 0.05:
            break
    return time.monotonic() - started


def run_wrk(wrk: str, url: str, paths: list[str], args, label: str) -> dict:
    script = BENCH_DIR / f"optimade-{label}.lua"
    script.write_text(LUA % ", ".join(json.dumps(path) for path in paths))
    load = Path("/proc/loadavg").read_text().split()[:3]
    busy0, total0 = cpu_jiffies()
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "30s"]
    out = subprocess.run([*command, "-s", str(script), url + paths[0]], capture_output=True, text=True, check=True)  # noqa: S603
    busy1, total1 = cpu_jiffies()
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    requests, duration, connect, read, write, status, timeout, p50, p95, p99 = map(int, line.split()[1:])
    return {
        "rps": requests / (duration / 1e6) if duration else 0.0,
        "requests": requests,
        "socket_errors": connect + read + write + timeout,
        "non_2xx": status,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "load": " ".join(load),
        "cpu": 100 * (busy1 - busy0) / max(1, total1 - total0),
    }


def show(label: str, result: dict) -> None:
    print(
        f"  {label:10s} {result['rps']:8.1f} req/s  p50 {result['p50']:8.1f} ms  p95 {result['p95']:8.1f} ms  "
        f"p99 {result['p99']:8.1f} ms  {result['requests']:6d} requests  non-2xx {result['non_2xx']}  "
        f"socket errors {result['socket_errors']}  load before {result['load']}  machine CPU busy "
        f"{result['cpu']:.0f}%  idle again after {result['settled']:.0f} s"
    )


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--workers", type=int, default=3, help="gunicorn and uvicorn workers each (default 3)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--duration", type=int, default=30, help="seconds per wrk run (default 30)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds, each runs both servers")
    parser.add_argument(
        "--compare-ids-up-to", type=int, default=1000, help="compare the ids of filters matching at most this many"
    )
    parser.add_argument(
        "--no-reference-validation",
        action="store_true",
        help="validate_api_response=false for the reference server (its default is to validate every entry)",
    )
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("Set DATABASE_URL (or --database-url) to a database with structures entries.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop both servers (finally) when terminated
    wrk = ensure_wrk()
    venv = ensure_reference_venv()
    env = {**server_env(args.database_url), "RESPONSE_CACHE": "0"}
    # No migrate or collectstatic: the database may be read-only, and OPTIMADE serves no static file.
    our_port, ref_port = free_port(), free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    ours = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "electrolytes.wsgi", "--bind", f"127.0.0.1:{our_port}", "--workers", str(args.workers)],
        cwd=ROOT,
        env=env,
    )
    reference = None
    our_url, ref_url = f"http://127.0.0.1:{our_port}", f"http://127.0.0.1:{ref_port}"
    try:
        wait_until_up(f"{our_url}{OURS_BASE}/info")
        provider_fields = export_entries(our_url + OURS_BASE)
        filters = [condition.format(formula=provider_fields["_formula"]) for condition in FILTERS]
        config = reference_config(ref_port, provider_fields, validate=not args.no_reference_validation)
        started = time.monotonic()
        reference, log = start_reference(venv, ref_port, args.workers, config)
        wait_for_workers(reference, log, args.workers)
        loaded = time.monotonic() - started
        print(f"reference server: {args.workers} uvicorn workers loaded the JSONL in {loaded:.0f} s")
        fair = compare_counts(our_url, ref_url, filters, args.compare_ids_up_to)

        servers = {
            "ours": (our_url, [filter_path(OURS_BASE, c) for c in filters]),
            "reference": (ref_url, [filter_path(REFERENCE_BASE, c) for c in filters]),
        }
        for url, paths in servers.values():  # warm every worker's imports and connections
            for path in paths * args.workers:
                urllib.request.urlopen(url + path, timeout=300).read()  # noqa: S310
        validation = "off" if args.no_reference_validation else "on"
        print(
            f"\n{args.workers} gunicorn sync workers (DEBUG=0, RESPONSE_CACHE=0) vs {args.workers} uvicorn workers "
            f"(mongomock, response validation {validation}); wrk -t{args.threads} -c{args.connections} "
            f"-d{args.duration}s cycling through {len(filters)} filters, page_limit {PAGE_LIMIT}; "
            f"{os.cpu_count()} CPUs, shared with other work"
        )
        results: dict[str, list[dict]] = {name: [] for name in servers}
        processes = {"ours": ours, "reference": reference}
        for round_number in range(args.rounds):
            order = list(servers) if round_number % 2 == 0 else list(reversed(servers))
            print(f"round {round_number + 1}:")
            for name in order:
                url, paths = servers[name]
                result = run_wrk(wrk, url, paths, args, name)
                result["settled"] = settle(processes[name])
                results[name].append(result)
                show(name, result)
        print("\nmean over rounds:")
        means = {}
        for name, runs in results.items():
            means[name] = statistics.mean(r["rps"] for r in runs)
            errors = sum(r["non_2xx"] + r["socket_errors"] for r in runs)
            print(
                f"  {name:10s} {means[name]:8.1f} req/s  p50 {statistics.median(r['p50'] for r in runs):8.1f} ms  "
                f"p95 {statistics.median(r['p95'] for r in runs):8.1f} ms  errors {errors}"
            )
        ratio = means["ours"] / means["reference"] if means["reference"] else float("inf")
        print(f"  ratio ours / reference: {ratio:.2f}x{'' if fair else '  (counts differ: not like for like)'}")
        print(f"load average at the end: {Path('/proc/loadavg').read_text().strip()}")
    finally:
        for server in (ours, reference):
            if server is not None:
                server.terminate()
                server.wait(timeout=30)


if __name__ == "__main__":
    main()
