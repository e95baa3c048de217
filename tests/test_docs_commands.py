"""The docs check: every command shown in README.md and docs/**/*.md runs (exit 0), so the docs cannot drift from the
code. Long runs are made small (at most 150 households; a command shown twice runs once), outputs go to a temporary
folder, a user's placeholder file is replaced by an example of the same kind, and servers are started, asked once and
stopped. A command that
cannot run here is listed in NOT_RUNNABLE with the reason; the test fails on any command it does not know."""

from __future__ import annotations

import os
import pathlib
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = pathlib.Path(sys.executable).parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
MAX_HOUSEHOLDS = 150
#: A user's own file in an example command -> a file of the same kind from docs/examples or made by an earlier command.
PLACEHOLDERS = {
    "my_household.yaml": "docs/examples/alleenstaande_bijstand.yaml",
    "huishouden.yaml": "docs/examples/paar_met_kostendeler.json",
    "my_people.parquet": "{out}/amsterdam.parquet",
    "--reform NAME": "--reform zonder_kostendelersnorm",
}
#: Commands that do not run in this check, and why.
NOT_RUNNABLE = {
    "make test": "the test suite itself (this check runs inside it)",
    "make run": "the same command as `openfisca-amsterdam simulate --out out`, which this check runs at a small size",
    "--scheduler tcp://": "needs an existing Dask cluster at that address",
    "--households 475000": "the full-city size; the same command runs at a small size via the other simulate commands",
}
SERVERS = ("make serve", "openfisca serve", "openfisca-amsterdam serve")
COMMAND_START = re.compile(r"^(\.venv/bin/|openfisca(-amsterdam)? |make |curl )")


def _commands() -> list[tuple[str, str]]:
    """(where, command) for every command line in a shell code block of the docs, continuations joined."""
    found = []
    for path in DOCS:
        text = path.read_text()
        for block in re.finditer(r"```(sh|bash|shell|console|)\n(.*?)```", text, re.S):
            joined = block.group(2).replace("\\\n", " ")
            for line in joined.splitlines():
                line = line.strip().removeprefix("$ ")
                if COMMAND_START.match(line):
                    found.append((f"{path.relative_to(ROOT)}", re.sub(r"\s+#.*$", "", line).strip()))
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _adapt(command: str, out: pathlib.Path, port: int) -> list[str]:
    """The command as it runs here: tools from this interpreter's environment, small sizes, outputs in ``out``."""
    command = command.replace(".venv/bin/", f"{BIN}/")
    for placeholder, replacement in PLACEHOLDERS.items():
        command = command.replace(placeholder, replacement.format(out=out))
    command = re.sub(r"(?<![\w/])out/", f"{out}/", command)
    command = re.sub(r"--out out(\s|$)", rf"--out {out}/run\1", command)
    command = re.sub(r"--port \d+", f"--port {port}", command).replace("localhost:5000", f"127.0.0.1:{port}")
    words = shlex.split(command)
    if words[0] in ("openfisca-amsterdam", "openfisca"):
        words[0] = str(BIN / words[0])
    if words[0].endswith("openfisca-amsterdam") and len(words) > 1 and words[1] in ("simulate", "population"):
        if "--households" in words:
            index = words.index("--households") + 1
            words[index] = str(min(int(words[index]), MAX_HOUSEHOLDS))
        elif "--population" not in words:
            words += ["--households", str(MAX_HOUSEHOLDS)]
        if words[1] == "simulate":
            words += ["--no-intervals", "--quiet"]
            if "--out" not in words:
                words += ["--out", str(out / "default")]
    if words[0].endswith("openfisca-amsterdam") and len(words) > 1 and words[1] == "sweep" and "--out" not in words:
        words += ["--out", str(out / "sweep")]
    return words


def _start_server(words: list[str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        words, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/spec", timeout=2)
            return process
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"{' '.join(words)} exited: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
    os.killpg(process.pid, signal.SIGTERM)
    pytest.fail(f"{' '.join(words)} did not answer on port {port}")


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def test_the_docs_show_commands():
    assert len(_commands()) > 20


def _is_server(command: str, words: list[str]) -> bool:
    return any(command.startswith(s) or f" {s}" in command for s in SERVERS) or words[:2] == ["make", "serve"]


def _run(words: list[str], env: dict) -> str | None:
    """Run one command; None when it succeeded, else the end of its output."""
    result = subprocess.run(words, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    return None if result.returncode == 0 else (result.stderr or result.stdout)[-800:]


@pytest.mark.slow
def test_every_command_in_the_docs_runs(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    port = _free_port()
    ran, skipped, failed, done = [], [], [], []
    server = None
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "MPLBACKEND": "Agg"}
    try:
        for where, command in _commands():
            reason = next((why for key, why in NOT_RUNNABLE.items() if key in command), None)
            words = _adapt(command, out, port)
            if reason or words in done:
                skipped.append((where, command, reason or "shown before"))
                continue
            done.append(words)
            if _is_server(command, words):
                if words[:2] == ["make", "serve"]:
                    words = [str(BIN / "openfisca-amsterdam"), "serve", "--port", str(port)]
                if server is not None:
                    _stop(server)
                server = _start_server(words, port)
            elif words[0] == "curl" and server is None:
                failed.append((where, command, "no server was started by an earlier command"))
                continue
            elif (why := _run(words, env)) is not None:
                failed.append((where, command, why))
                continue
            ran.append(command)
    finally:
        if server is not None:
            _stop(server)
    assert not failed, "\n\n".join(f"{where}: {command}\n{why}" for where, command, why in failed)
    assert len(ran) > 15, ran
