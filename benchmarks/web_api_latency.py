"""Latency of one household through the Web API (``openfisca serve``, POST /calculate).

Starts ``openfisca serve --country-package openfisca_amsterdam`` on a free port (a subprocess in its own
session), waits until it answers, POSTs one single-household situation ``--warmup`` times (not counted)
and then ``--requests`` times, one after the other, and reports p50/p95/p99 of the client-side latency
(connect + request + calculation + response) in ms. Then the same calculation in-process (SimulationBuilder
+ calculate, no HTTP) so the HTTP/JSON share is visible. Stops the server at the end. Run:

    .venv/bin/python benchmarks/web_api_latency.py
    .venv/bin/python benchmarks/web_api_latency.py docs/examples/aow_met_gat.yaml --requests 500

The default situation is ``docs/examples/alleenstaande_ouder_twee_tieners.yaml`` (single parent on bijstand,
two teenagers, EUR 580 rent), asking bijstand, huurtoeslag and zorgtoeslag for 2025-03.
"""

from __future__ import annotations

import argparse
import copy
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time

import numpy
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SITUATION = os.path.join(ROOT, "docs", "examples", "alleenstaande_ouder_twee_tieners.yaml")
ASK = {"gezinnen": ["bijstand", "zorgtoeslag"], "huishoudens": ["huurtoeslag"]}
TARGET_P95_MS = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_SYSTEM = []


def _system():
    if not _SYSTEM:
        from openfisca_amsterdam import CountryTaxBenefitSystem

        _SYSTEM.append(CountryTaxBenefitSystem())
    return _SYSTEM[0]


def situation(path: str, period: str) -> dict:
    with open(path) as handle:
        data = yaml.safe_load(handle) if path.endswith((".yaml", ".yml")) else json.load(handle)
    data = copy.deepcopy(data)
    # the Web API wants every input with its period: a bare value is the ETERNITY value (geboortedatum) or the period's
    eternity = {name for name, variable in _system().variables.items() if variable.definition_period == "eternity"}
    for entities in data.values():
        for unit in entities.values():
            for name, value in unit.items():
                if not isinstance(value, (dict, list)):
                    unit[name] = {"ETERNITY" if name in eternity else period: value}
    for plural, names in ASK.items():
        for unit in data.get(plural, {}).values():
            for name in names:
                unit[name] = {period: None}
    return data


def post(port: int, body: bytes) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", "/calculate", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_ready(port: int, process: subprocess.Popen, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"openfisca serve exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/entities")
            if connection.getresponse().status == 200:
                return time.perf_counter() - start
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise TimeoutError(f"openfisca serve not ready after {timeout:.0f} s")


def in_process(data: dict, period: str, repeat: int) -> numpy.ndarray:
    """The same calculation without HTTP: build from the situation and calculate, per repetition."""
    from openfisca_core.simulation_builder import SimulationBuilder

    system = _system()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        simulation = SimulationBuilder().build_from_entities(system, copy.deepcopy(data))
        for names in ASK.values():
            for name in names:
                simulation.calculate(name, period)
        times.append(time.perf_counter() - start)
    return numpy.array(times) * 1000


def percentiles(ms: numpy.ndarray) -> dict:
    return {f"p{q}": float(numpy.percentile(ms, q)) for q in (50, 95, 99)} | {
        "mean": float(ms.mean()),
        "max": float(ms.max()),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("situation", nargs="?", default=DEFAULT_SITUATION)
    parser.add_argument("--period", default="2025-03")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)

    data = situation(args.situation, args.period)
    body = json.dumps(data).encode()
    port = free_port()
    command = [
        os.path.join(os.path.dirname(sys.executable), "openfisca"),
        "serve",
        "--country-package",
        "openfisca_amsterdam",
        "--port",
        str(port),
    ]
    print("$", " ".join(command), flush=True)
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        ready = wait_ready(port, server, args.timeout)
        print(f"server ready after {ready:.1f} s on port {port}", flush=True)
        status, answer = post(port, body)
        if status != 200:
            raise RuntimeError(f"POST /calculate: {status} {answer[:500]!r}")
        result = json.loads(answer)
        values = {
            f"{plural}.{unit}.{name}": result[plural][unit][name][args.period]
            for plural, names in ASK.items()
            for unit in result.get(plural, {})
            for name in names
        }
        print("answer:", values, flush=True)
        for _ in range(args.warmup):
            post(port, body)
        latencies = []
        for _ in range(args.requests):
            start = time.perf_counter()
            status, _ = post(port, body)
            latencies.append(time.perf_counter() - start)
            if status != 200:
                raise RuntimeError(f"POST /calculate: {status}")
        ms = numpy.array(latencies) * 1000
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server's own session: gunicorn master and its workers
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    http_figures = percentiles(ms)
    local = percentiles(in_process(data, args.period, args.warmup + args.requests)[args.warmup :])
    print(
        f"POST /calculate, {args.requests} requests after {args.warmup} warm-up: "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in http_figures.items())
    )
    print("in-process (build + calculate, no HTTP): " + ", ".join(f"{k} {v:.1f} ms" for k, v in local.items()))
    met = http_figures["p95"] <= TARGET_P95_MS
    print(f"target p95 <= {TARGET_P95_MS:.0f} ms: {'met' if met else 'NOT met'}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(
                {"http": http_figures, "in_process": local, "answer": values, "ready_s": ready, "met": met},
                handle,
                indent=1,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
