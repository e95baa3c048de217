"""``simulate(scheduler=ADDRESS)`` / ``--scheduler`` on an existing Dask cluster: a scheduler and two workers started
with the ``dask`` command on 127.0.0.1, as an analyst would start them. Same tables as in one process."""

import json
import pathlib
import subprocess
import sys
import time

import pytest
from results_equal import assert_same_results

from openfisca_amsterdam.analysis.run import simulate

DASK = pathlib.Path(sys.executable).parent / "dask"


def _wait_for(path: pathlib.Path, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size:
            try:
                return json.loads(path.read_text())
            except json.JSONDecodeError:  # being written
                pass
        time.sleep(0.2)
    raise TimeoutError(f"no scheduler file {path}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not DASK.exists():
        pytest.skip("the dask command is not installed")
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    common = {"cwd": folder, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(file)],
        **common,
    )
    workers = []
    try:
        address = _wait_for(file)["address"]
        workers = [
            subprocess.Popen(
                [str(DASK), "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"], **common
            )
            for _ in range(2)
        ]
        from dask.distributed import Client

        with Client(address) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in [*workers, scheduler]:
            process.terminate()
        for process in [*workers, scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_an_existing_scheduler_gives_the_tables_of_one_process(cluster):
    settings = {"year": 2024, "households": 240, "seed": 4, "uncertainty": False, "chunk_size": 80}
    settings["scenarios"] = ["zonder_kostendelersnorm"]
    local = simulate(**settings)
    remote = simulate(**settings, scheduler=cluster)
    assert cluster.startswith("tcp://127.0.0.1:")
    assert_same_results(remote, local)
    assert remote.intercepts == local.intercepts
