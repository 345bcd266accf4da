"""Server speed: time from Continue to the next screen on the real web app, alone and with 20 sessions at once.

Run ``make serve`` first, then ``.venv/bin/python bench/server.py [--users 20] [--screens 60]`` (or
``make bench-server``). Each session answers the professional intake (tests/interviews/paths/
intake-tx-labor-adult.yml) through docassemble's REST API, as the browser's Continue does: one POST with the
screen's answers, which returns the next screen. The time of each POST is one sample. First one session alone,
then ``--users`` sessions in threads at once; p50 and p95 of each. Aims (2 cores): p95 under 300 ms alone,
under 1 s with 20 at once. Loopback only; bounded by ``--screens`` per session and ``--timeout`` overall.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools" / "server"))
sys.path.insert(0, str(REPO))

import daapi  # noqa: E402

from tests.e2e.paths import spec  # noqa: E402

INTERVIEW = "docassemble.SurvivorRelief:data/questions/intake.yml"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def one_session(api: daapi.Api, answers: dict, screens: int, out: list[float], errors: list[str]) -> None:
    session = daapi.Session(api, INTERVIEW)
    try:
        daapi.drive(session, answers, max_screens=screens, stop_at_limit=True)
    except (daapi.ApiError, OSError) as err:
        errors.append(str(err)[:200])
    out.extend(session.timings)


def run(api: daapi.Api, answers: dict, users: int, screens: int, timeout: float) -> dict:
    samples: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=one_session, args=(api, answers, screens, samples, errors), daemon=True)
               for _ in range(users)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, timeout - (time.perf_counter() - start)))
    wall = time.perf_counter() - start
    if any(t.is_alive() for t in threads):
        errors.append(f"stopped waiting after {timeout:.0f} s")
    if not samples:
        raise SystemExit(f"no samples: {errors[:3]}")
    return {"users": users, "samples": len(samples), "p50_ms": round(percentile(samples, 0.5) * 1000, 1),
            "p95_ms": round(percentile(samples, 0.95) * 1000, 1), "mean_ms": round(statistics.mean(samples) * 1000, 1),
            "wall_s": round(wall, 1), "errors": errors[:5]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--screens", type=int, default=60, help="screens answered per session (bound)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds for each measurement (bound)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    state_file = REPO / ".run" / "state.json"
    try:
        state = json.loads(state_file.read_text())
        base = f"http://127.0.0.1:{state['http']}"
        key = Path(state["api_key_file"]).read_text().strip()
    except (OSError, ValueError, KeyError):
        raise SystemExit("no server is running: start it with `make serve`") from None
    api = daapi.Api(base, key, timeout=60)
    answers = spec("intake-tx-labor-adult")["answers"]
    run(api, answers, 1, 10, args.timeout)  # warm-up: each worker loads the interview once
    alone = run(api, answers, 1, args.screens, args.timeout)
    together = run(api, answers, args.users, args.screens, args.timeout)
    if args.json:
        print(json.dumps({"alone": alone, "concurrent": together}, indent=1))
        return
    for label, r, aim in (("alone", alone, 300), (f"{args.users} at once", together, 1000)):
        print(f"{label:>12}: p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  ({r['samples']} screens, "
              f"{r['wall_s']} s; aim p95 < {aim} ms: {'met' if r['p95_ms'] < aim else 'NOT met'})"
              + (f"  errors: {r['errors']}" if r["errors"] else ""))


if __name__ == "__main__":
    main()
