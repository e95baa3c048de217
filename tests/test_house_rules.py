"""House rules that keep the law readable (issue 12): legal numbers are parameters, one concept per file, the law
imports only the machinery meant for it. ruff (lint, format, complexity) and yamllint run in `make lint`."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAW = [ROOT / "variables", ROOT / "reforms"]
#: The only numbers a formula may write: nothing, one, the months of a year, percent.
ALLOWED_NUMBERS = {0, 1, 12, 100}
MAX_LINES = 400
MAX_NOQA = 6


def _python_files(*folders):
    return sorted(p for folder in folders for p in folder.rglob("*.py") if ".venv" not in p.parts)


def test_no_legal_number_is_written_into_a_formula():
    found = []
    for path in _python_files(ROOT / "variables"):
        for function in (n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef)):
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, (int, float))
                    and not isinstance(node.value, bool)
                    and node.value not in ALLOWED_NUMBERS
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}")
    assert not found, "numbers in formulas (make them parameters or named constants):\n" + "\n".join(found)


def imported_names(path) -> list[str]:
    """Every module a Python file imports (``from x import y``: x)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_no_variable_file_imports_another():
    law = ("variables", "openfisca_amsterdam.variables", "reforms.", "openfisca_amsterdam.reforms")
    found = [
        f"{p.relative_to(ROOT)} imports {n}"
        for p in _python_files(*LAW)
        for n in imported_names(p)
        if n.startswith(law)
    ]
    assert not found, "\n".join(found)


def test_no_python_file_is_longer_than_400_lines():
    long = [
        f"{p.relative_to(ROOT)}: {n}" for p in _python_files(ROOT) if (n := len(p.read_text().splitlines())) > MAX_LINES
    ]
    assert not long, "\n".join(long)


def test_a_handful_of_noqa_each_with_its_reason():
    marker = "# " + "noqa"  # written in two parts, so that this line is not counted itself
    marks = [(p, line) for p in _python_files(ROOT) for line in p.read_text().splitlines() if marker in line]
    assert len(marks) <= MAX_NOQA, marks
    for path, line in marks:
        reason = line.split(marker, 1)[1].split(" - ", 1)
        assert len(reason) == 2 and reason[1].strip(), f"{path.relative_to(ROOT)}: a noqa mark without a reason: {line}"
