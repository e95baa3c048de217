"""Latency of ``openfisca-amsterdam serve`` for the household of issue 15: a single adult born 1990-05-12 with a monthly
``bruto_loon`` varied per request around 900 and ``kale_huur`` 650, asking ``bijstand``, ``zorgtoeslag`` and
``huurtoeslag`` for 2025-03. Every answer is compared with a plain OpenFisca computation of the same inputs (without
the month shortcut the server uses), so a faster path cannot change a result unnoticed. Sequential requests, then
the same at a concurrency::

    .venv/bin/python benchmarks/web_api_household.py --requests 500 --concurrency 8
"""

from __future__ import annotations

import argparse
import concurrent.futures
import importlib
import json
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
_load = importlib.import_module("web_api_load")  # the sibling script: its server start and its request
post, start_server, wait_until_up = _load.post, _load.start_server, _load.wait_until_up

PERIOD = "2025-03"
ASKED = {"gezinnen": ("g", ("bijstand", "zorgtoeslag")), "huishoudens": ("h", ("huurtoeslag",))}
DISTINCT_WAGES = 50


def household(wage: float) -> dict:
    return {
        "personen": {"p": {"geboortedatum": {"ETERNITY": "1990-05-12"}, "bruto_loon": {PERIOD: wage}}},
        "gezinnen": {"g": {"volwassenen": ["p"], "bijstand": {PERIOD: None}, "zorgtoeslag": {PERIOD: None}}},
        "huishoudens": {"h": {"bewoners": ["p"], "kale_huur": {PERIOD: 650}, "huurtoeslag": {PERIOD: None}}},
    }


def wages(requests: int) -> list[float]:
    return [round(850 + (k % DISTINCT_WAGES) * 2.03, 2) for k in range(requests)]


def expected(wage: float) -> dict:
    """The answers of a plain OpenFisca computation, without the month shortcut the server uses."""
    from openfisca_amsterdam.situation import build_simulation

    simulation = build_simulation(household(wage), month_shortcut=False)
    return {
        "bijstand": float(simulation.calculate("bijstand", PERIOD)[0]),
        "zorgtoeslag": float(simulation.calculate("zorgtoeslag", PERIOD)[0]),
        "huurtoeslag": float(simulation.calculate("huurtoeslag", PERIOD)[0]),
    }


def wrong(body: bytes, want: dict) -> bool:
    data = json.loads(body)
    got = {v: data[plural][name][v][PERIOD] for plural, (name, variables) in ASKED.items() for v in variables}
    return any(abs(got[v] - want[v]) > 0.005 for v in want)


def run(url: str, jobs: list[float], concurrency: int, truth: dict) -> dict:
    started = time.perf_counter()
    bodies = [json.dumps(household(w)).encode() for w in jobs]
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        answers = list(pool.map(lambda body: post(url, body), bodies))
    wall = time.perf_counter() - started
    latencies = sorted(seconds for _, _, seconds in answers)
    bad = sum(status != 200 or wrong(body, truth[w]) for w, (status, body, _) in zip(jobs, answers, strict=True))
    q = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(jobs),
        "concurrency": concurrency,
        "wall_s": wall,
        "wrong_or_failed": bad,
        "p50_ms": 1000 * q[49],
        "p95_ms": 1000 * q[94],
    }


def measure(workers: int, concurrency: int, jobs: list[float], truth: dict, *extra: str) -> list[dict]:
    """One server (``extra``: its options): sequential requests, then at ``concurrency``."""
    server, url = start_server(workers, *extra)
    try:
        wait_until_up(url)
        run(url, jobs[:DISTINCT_WAGES], 1, truth)  # warm-up: the server loads the rules once
        return [run(url, jobs, c, truth) for c in (1, concurrency)]
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument(
        "--compare-plain", action="store_true", help="also a server with --no-month-shortcut, alternating, in one run"
    )
    args = parser.parse_args()
    jobs = wages(args.requests)
    truth = {w: expected(w) for w in sorted(set(jobs))}
    modes = [("month shortcut", ())] + ([("plain", ("--no-month-shortcut",))] if args.compare_plain else [])
    for label, extra in modes * (2 if args.compare_plain else 1):
        for r in measure(args.workers, args.concurrency, jobs, truth, *extra):
            print(
                f"{label}: {r['requests']} requests, concurrency {r['concurrency']}, {args.workers} server worker(s): "
                f"{r['wall_s']:.1f} s, wrong or failed {r['wrong_or_failed']}, p50 {r['p50_ms']:.1f} ms, "
                f"p95 {r['p95_ms']:.1f} ms"
            )


if __name__ == "__main__":
    main()
