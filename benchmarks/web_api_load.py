"""Bounded loopback load test of ``openfisca-amsterdam serve``: N requests, a share of them bad, C at a time.

Every good request is a single adult (born 1990-05-12) with a net income varied per request; its bijstand for 2025-03
must be exactly the art. 21 onder a norm minus the income, 1,345.45 - income (0 from 1,345.45 up). Every bad request
(a missing birth date, negative rent, NaN income, an empty volwassenen, a rent given as a list) must get a 4xx naming
a field. The script counts wrong answers, 5xx and transport errors, and prints latency percentiles::

    .venv/bin/python benchmarks/web_api_load.py --requests 2000 --bad-share 0.1 --concurrency 8
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import pathlib
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

NORM = 1345.45  # art. 21 onder a Pw, 2025-01-01


def good(income: float) -> dict:
    return {
        "personen": {"p": {"geboortedatum": {"ETERNITY": "1990-05-12"}, "netto_inkomen": {"2025-03": income}}},
        "gezinnen": {"g": {"volwassenen": ["p"], "bijstand": {"2025-03": None}}},
        "huishoudens": {"h": {"bewoners": ["p"], "kale_huur": {"2025-03": 650}}},
    }


def bad(k: int) -> bytes:
    s = good(100)
    kind = k % 5
    if kind == 0:
        del s["personen"]["p"]["geboortedatum"]
    elif kind == 1:
        s["huishoudens"]["h"]["kale_huur"] = {"2025-03": -1}
    elif kind == 2:
        return json.dumps(s).replace('"netto_inkomen": {"2025-03": 100}', '"netto_inkomen": {"2025-03": NaN}').encode()
    elif kind == 3:
        s["gezinnen"]["g"]["volwassenen"] = []
    else:
        s["huishoudens"]["h"]["kale_huur"] = {"2025-03": [580]}
    return json.dumps(s).encode()


def post(url: str, body: bytes):
    request = urllib.request.Request(url + "/calculate", data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.perf_counter() - started
    except OSError as error:
        return None, str(error).encode(), time.perf_counter() - started


def jobs_for(requests: int, bad_share: float) -> list:
    """(kind, income, body) per request: every ``1 / bad_share``-th request bad, the others good."""
    every = max(1, round(1 / bad_share)) if bad_share > 0 else requests + 1
    jobs = []
    for k in range(requests):
        if k % every == every - 1:
            jobs.append(("bad", None, bad(k)))
        else:
            income = round(600 + (k % 700) * 1.37, 2)
            jobs.append(("good", income, json.dumps(good(income)).encode()))
    return jobs


def start_server(workers: int, *extra: str):
    """``openfisca-amsterdam serve`` on a free loopback port (``extra``: more options): (process, url)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    binary = pathlib.Path(sys.executable).parent / "openfisca-amsterdam"
    server = subprocess.Popen(
        [str(binary), "serve", "--port", str(port), "--workers", str(workers), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}"


def wait_until_up(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/spec", timeout=2)
            break
        except OSError:
            time.sleep(0.3)


def tally(answers) -> dict:
    """Wrong good answers, bad requests not refused properly, 5xx, transport errors, and the latencies (sorted)."""
    counts = {"wrong": 0, "bad_ok": 0, "errors_5xx": 0, "transport": 0}
    latencies = []
    for (kind, income, _), (status, body, seconds) in answers:
        latencies.append(seconds)
        if status is None:
            counts["transport"] += 1
        elif status >= 500:
            counts["errors_5xx"] += 1
        elif kind == "good":
            value = json.loads(body)["gezinnen"]["g"]["bijstand"]["2025-03"] if status == 200 else None
            if value is None or abs(value - round(max(NORM - income, 0), 2)) > 0.005:
                counts["wrong"] += 1
        elif not (400 <= status < 500 and json.loads(body)["error"]["field"]):
            counts["bad_ok"] += 1
    latencies.sort()
    return {**counts, "latencies": latencies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--bad-share", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    args = parser.parse_args()
    server, url = start_server(args.workers)
    try:
        wait_until_up(url)
        jobs = jobs_for(args.requests, args.bad_share)
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
            answers = list(pool.map(lambda job: (job, post(url, job[2])), jobs))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=20)
    result = tally(answers)
    latencies = result["latencies"]
    q = statistics.quantiles(latencies, n=100)
    print(
        f"{args.requests} requests ({sum(j[0] == 'bad' for j in jobs)} bad), concurrency {args.concurrency}, "
        f"{args.workers} server workers: {wall:.1f} s, {args.requests / wall:.0f} requests/s"
    )
    print(
        f"good answers wrong: {result['wrong']}; bad requests not refused with a 4xx naming a field: "
        f"{result['bad_ok']}; 5xx: {result['errors_5xx']}; transport errors: {result['transport']}"
    )
    print(f"latency p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    if result["wrong"] or result["bad_ok"] or result["errors_5xx"] or result["transport"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
