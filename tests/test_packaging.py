"""Packaging: the wheel carries the law (parameters/, variables/, reforms/) and works outside the checkout.

The law lives at the top of the repository and is mapped into ``openfisca_amsterdam.{parameters,
variables,reforms}`` by ``[tool.setuptools] package-dir``. These tests build the wheel from a clean
copy of the working tree (so a stale ``build/`` folder cannot hide a missing file and the repository
itself is not touched), install it into a fresh virtual environment outside the repository (without
system site-packages, so nothing leaks in from the development venv), and compute a household there.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap
import zipfile

import pytest

pytestmark = pytest.mark.slow

REPO = pathlib.Path(__file__).resolve().parents[1]
#: Files the wheel must hold (one from each mapped folder).
REQUIRED_IN_WHEEL = [
    "openfisca_amsterdam/parameters/participatiewet/normen/alleenstaande.yaml",
    "openfisca_amsterdam/variables/participatiewet/normen.py",
    "openfisca_amsterdam/reforms/__init__.py",
]
#: Art. 21 onder a Pw, norm alleenstaande on 2025-01-01 (parameters/participatiewet/normen/alleenstaande.yaml).
NORM_ALLEENSTAANDE_2025_01 = 1345.45
#: Never copied into the build tree: virtual environments, VCS data, build output and caches.
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "out"
)


def _clean_env() -> dict:
    """The environment for subprocesses: no PYTHONPATH/VIRTUAL_ENV pointing back into the checkout."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(name, None)
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _run(cmd, cwd, timeout=900) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, (
        f"{' '.join(str(c) for c in cmd)} failed ({result.returncode})\n"
        f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
    )
    return result


def _outside_repo(path: pathlib.Path) -> bool:
    return not path.resolve().is_relative_to(REPO)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("packaging")
    assert _outside_repo(path), f"the temporary directory {path} must be outside the repository {REPO}"
    return path


@pytest.fixture(scope="module")
def wheel(workdir) -> pathlib.Path:
    """Build the wheel from a copy of the working tree (uncommitted changes included)."""
    source = workdir / "source"
    shutil.copytree(REPO, source, ignore=IGNORED, symlinks=True)
    outdir = workdir / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", outdir, source], cwd=workdir)
    wheels = sorted(outdir.glob("openfisca_amsterdam-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {outdir}, found {[w.name for w in outdir.iterdir()]}"
    return wheels[0]


@pytest.fixture(scope="module")
def venv_bin(workdir, wheel) -> pathlib.Path:
    """A fresh virtual environment (no system site-packages) with only the wheel and its dependencies."""
    venv = workdir / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=workdir)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-compile", wheel], cwd=workdir)
    return bin_dir


@pytest.fixture(scope="module")
def elsewhere(workdir) -> pathlib.Path:
    """A working directory outside the repository, so ``import openfisca_amsterdam`` cannot find the checkout."""
    path = workdir / "elsewhere"
    path.mkdir(exist_ok=True)
    return path


def test_wheel_contains_the_law(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in REQUIRED_IN_WHEEL if name not in names]
    assert not missing, f"{wheel.name} lacks {missing}"
    # The whole law, not just the three sentinels: every YAML parameter file of the checkout.
    parameter_files = {
        "openfisca_amsterdam/parameters/" + p.relative_to(REPO / "parameters").as_posix()
        for p in (REPO / "parameters").rglob("*.yaml")
    }
    assert parameter_files - names == set()
    variable_files = {
        "openfisca_amsterdam/variables/" + p.relative_to(REPO / "variables").as_posix()
        for p in (REPO / "variables").rglob("*.py")
    }
    assert variable_files - names == set()


def test_installed_wheel_computes_bijstand(venv_bin, elsewhere):
    script = textwrap.dedent(
        """
        import json, pathlib
        import openfisca_amsterdam
        from openfisca_amsterdam.situation import calculate
        from openfisca_amsterdam.system import law_directory

        situation = {
            "personen": {"sanne": {"geboortedatum": "1990-05-12"}},
            "gezinnen": {"gezin_sanne": {"volwassenen": ["sanne"]}},
            "huishoudens": {"woning_sanne": {"bewoners": ["sanne"]}},
        }
        print(json.dumps({
            "module": openfisca_amsterdam.__file__,
            "parameters": str(law_directory("parameters")),
            "bijstand": calculate(situation, "bijstand", "2025-01"),
        }))
        """
    )
    result = _run([venv_bin / "python", "-c", script], cwd=elsewhere)
    output = json.loads(result.stdout.strip().splitlines()[-1])
    venv = venv_bin.parent.resolve()
    # Imported from the installed wheel, not from the checkout.
    assert pathlib.Path(output["module"]).resolve().is_relative_to(venv), output["module"]
    assert pathlib.Path(output["parameters"]).resolve().is_relative_to(venv), output["parameters"]
    assert output["bijstand"]["gezin_sanne"] == pytest.approx(NORM_ALLEENSTAANDE_2025_01, abs=1e-9)


def test_installed_cli_household(venv_bin, elsewhere):
    example = REPO / "docs" / "examples" / "alleenstaande_bijstand.yaml"
    result = _run(
        [venv_bin / "openfisca-amsterdam", "household", example, "--period", "2025-01", "--json"], cwd=elsewhere
    )
    output = json.loads(result.stdout)
    assert output["period"] == "2025-01"
    assert output["gezinnen"]["gezin_sanne"]["bijstand"] == NORM_ALLEENSTAANDE_2025_01


def test_editable_install_resolves_the_repository_law(tmp_path):
    """The development interpreter (editable install) reads the law straight from the checkout."""
    script = (
        "from openfisca_amsterdam.system import law_directory; "
        "print(law_directory('parameters')); print(law_directory('variables')); print(law_directory('reforms'))"
    )
    result = _run([sys.executable, "-c", script], cwd=tmp_path)
    parameters, variables, reforms = (pathlib.Path(line).resolve() for line in result.stdout.split("\n")[:3])
    assert parameters == (REPO / "parameters").resolve()
    assert variables == (REPO / "variables").resolve()
    assert reforms == (REPO / "reforms").resolve()
    assert (parameters / "participatiewet" / "normen" / "alleenstaande.yaml").is_file()
