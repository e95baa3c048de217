"""Atomic output folders: a run writes into a temporary folder beside ``--out`` and moves it into place at the end, so
``--out`` always holds exactly one complete run; ``manifest.json``, written last, lists every file with its sha256."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pathlib
import shutil
import tempfile


class OutputError(ValueError):
    """The output folder cannot be written; ``field`` names the option."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_writable(out: pathlib.Path) -> None:
    """Fail before any computation when ``out`` (or the folder that will hold it) cannot be written."""
    out = pathlib.Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError("--out", f"{out} exists and is not a folder")
    parent = out.parent if not out.exists() else out
    parent = next((p for p in [parent, *parent.parents] if p.exists()), pathlib.Path("."))
    try:
        with tempfile.TemporaryDirectory(prefix=".write-check-", dir=parent):
            pass
    except OSError as error:
        raise OutputError("--out", f"{parent} is not writable ({error.strerror})") from None


@contextlib.contextmanager
def atomic_folder(out: pathlib.Path, manifest: dict):
    """Yield a temporary folder beside ``out``; on success write ``manifest.json`` (with every file's sha256) into it
    and replace ``out`` by it; on failure remove it and leave ``out`` as it was."""
    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = pathlib.Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield temporary
        files = sorted(p for p in temporary.rglob("*") if p.is_file())
        manifest = dict(manifest, files={str(p.relative_to(temporary)): sha256(p) for p in files})
        (temporary / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        old = None
        if out.exists():
            old = pathlib.Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / "run")
        os.replace(temporary, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def atomic_text(path: pathlib.Path, text: str, field: str = "--html") -> None:
    """Write one text file atomically: a temporary file beside it, then renamed into place (a reader never sees half a
    file); a folder that cannot be written is an :class:`OutputError` naming ``field``."""
    path = pathlib.Path(path)
    if path.is_dir():
        raise OutputError(field, f"{path} is a folder, not a file")
    if not path.parent.exists():
        raise OutputError(field, f"the folder {path.parent} does not exist")
    try:
        with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
            handle.write(text)
        os.replace(handle.name, path)
    except OSError as error:
        raise OutputError(field, f"{path} cannot be written ({error.strerror})") from None
