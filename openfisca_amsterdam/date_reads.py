"""Which formulas read the calendar date, found in their source (for :mod:`openfisca_amsterdam.month_shortcut`).

A formula gets its ``period``. Most only pass it on: to a population call (``persoon("bruto_loon", period)``), to
``parameters(period)``, or through a period's own navigation (``period.this_year``, ``period.first_month``). Those
reads are seen at run time, as variables and periods read. A formula that *looks at* the date (``period.start.year``,
an age on ``period.start``, a quarter from ``period.start.month``) computes something OpenFisca cannot see. The month
shortcut treats such a variable as a leaf: it is recomputed for every month and its values compared.

The analysis is conservative. The period and everything derived from it (assigned names, loop variables, a helper's
return value) is followed through the whole function, nested lambdas included, and through the project's own helper
functions (recursively, argument by argument). Any other use reads the date:

- an attribute outside :data:`PERIOD_NAVIGATION` (``.year``, ``.month``, ``.date``, ``.days``, ``.unit``, ...);
- an operator, a comparison, an index, a formatted string;
- a call to anything that is neither the population (or an attribute of it), nor ``parameters``, nor a
  project function that can itself be analysed (numpy, builtins, a local lambda, ``*args``).

Reading ``population.simulation`` (other than ``.populations``) also counts, since it reaches state OpenFisca's
calls do not show. A formula whose source cannot be read counts as reading the date.
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import pathlib
import textwrap

#: Navigation from a period to another period or instant: the result is followed like the period itself.
PERIOD_NAVIGATION = frozenset(
    {"this_year", "first_month", "last_month", "last_year", "n_2", "offset", "get_subperiods", "start"}
)


@functools.lru_cache(maxsize=1)
def _project_roots() -> tuple[str, ...]:
    """Where the functions analysed when a period is passed to them live: the machinery and the law (OpenFisca loads
    the law's files under generated module names, so the file decides)."""
    from openfisca_amsterdam.system import law_directory

    machinery = pathlib.Path(__file__).resolve().parent
    law = (law_directory(part).resolve() for part in ("variables", "reforms"))
    return tuple(str(p) + "/" for p in (machinery, *law))


class _DateRead(Exception):
    """Raised inside the analysis at the first use that reads the date (the reason is its message)."""


def variable_reads_date(variable) -> bool:
    """Whether any formula of ``variable`` reads the calendar date (see the module docstring)."""
    return any(formula_reads_date(formula) is not None for formula in variable.formulas.values())


@functools.lru_cache(maxsize=None)
def formula_reads_date(formula) -> str | None:
    """Why ``formula(population, period[, parameters])`` reads the date, or None when it only passes it on."""
    params = _parameter_names(formula)
    if params is None or len(params) < 2:
        return f"{getattr(formula, '__qualname__', formula)}: source or signature not readable"
    sinks = frozenset([params[0], *params[2:3]])
    return _function_reads_date(formula, frozenset([params[1]]), sinks)[0]


def _parameter_names(function) -> list[str] | None:
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return None


@functools.lru_cache(maxsize=None)
def _function_reads_date(function, tainted: frozenset[str], sinks: frozenset[str]) -> tuple[str | None, bool]:
    """(why ``function`` reads the date, or None; whether it may return the period or one derived from it)."""
    tree = _function_tree(function)
    if tree is None:
        return f"{getattr(function, '__qualname__', function)}: source not readable", True
    flow = _Flow(function, tree, set(tainted), set(sinks))
    try:
        flow.run()
    except _DateRead as error:
        return f"{function.__module__}.{function.__qualname__}: {error}", True
    return None, flow.returns_period


def _function_tree(function):
    try:
        source = textwrap.dedent(inspect.getsource(inspect.unwrap(function)))
    except (OSError, TypeError):
        return None
    module = ast.parse(source)
    definition = module.body[0] if module.body else None
    if not isinstance(definition, ast.FunctionDef | ast.AsyncFunctionDef):
        return None  # a lambda or a decorated oddity: not analysed
    return definition


def _root(node) -> str | None:
    """The name an attribute chain or call chain starts from (``persoon.gezin.members`` -> ``persoon``)."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _attribute_root(node) -> str | None:
    """The name a plain attribute chain starts from (``persoon.gezin`` -> ``persoon``; a call in it -> None)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _target_names(target) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


class _Flow:
    """The uses of the tainted names in one function, to a fixpoint (an assignment taints its targets)."""

    def __init__(self, function, tree, tainted: set[str], sinks: set[str]) -> None:
        self.function, self.tree, self.tainted, self.sinks = function, tree, tainted, sinks
        self.parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        self.own_parameters = {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
        self.returns_period = False

    def run(self) -> None:
        self._check_simulation_reads()
        before = None
        while before != (len(self.tainted), len(self.sinks)):
            before = (len(self.tainted), len(self.sinks))
            self._spread_sinks()
            for node in ast.walk(self.tree):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in self.tainted:
                    self._use(node)

    def _check_simulation_reads(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Attribute) and node.attr == "simulation":
                parent = self.parents.get(node)
                if not (isinstance(parent, ast.Attribute) and parent.attr == "populations"):
                    raise _DateRead(f"line {node.lineno}: reads .simulation")

    def _spread_sinks(self) -> None:
        """``gezin = persoon.gezin``: a name bound to the population (or an attribute of it) is a population too."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Assign) and _attribute_root(node.value) in self.sinks:
                for target in node.targets:
                    self.sinks |= _target_names(target)

    def _use(self, node) -> None:
        """One use of a tainted expression: follow it up the tree until it reaches a sink or reads the date."""
        parent = self.parents.get(node)
        line = getattr(node, "lineno", "?")
        if isinstance(parent, ast.Attribute) and parent.value is node:
            if parent.attr not in PERIOD_NAVIGATION:
                raise _DateRead(f"line {line}: reads .{parent.attr} of the period")
            return self._use(parent)
        if isinstance(parent, ast.Call) and parent.func is node:
            return self._use(parent)  # period.offset(-1), period.get_subperiods(MONTH): a period again
        if isinstance(parent, ast.keyword):
            return self._argument(parent.value, self.parents[parent], parent.arg)
        if isinstance(parent, ast.Call):
            return self._argument(node, parent, None)
        if not self._bound(node, parent):
            raise _DateRead(f"line {line}: uses the period in a {type(parent).__name__}")
        return None

    def _bound(self, node, parent) -> bool:
        """The period bound to a name, iterated over, collected or returned (followed from there); False otherwise."""
        if isinstance(parent, ast.Assign | ast.AnnAssign | ast.NamedExpr) and parent.value is node:
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            for target in targets:
                self.tainted |= _target_names(target)
            return True
        if isinstance(parent, ast.For | ast.comprehension) and parent.iter is node:
            self.tainted |= _target_names(parent.target)
            return True
        loop = self.parents.get(parent)
        if isinstance(parent, ast.Tuple | ast.List) and isinstance(loop, ast.For | ast.comprehension):
            self._use(parent)  # for maand in (period, period.last_month)
            return True
        if isinstance(parent, ast.ListComp | ast.GeneratorExp | ast.SetComp) and parent.elt is node:
            self._use(parent)  # [period.offset(k, "month") for k in ...]: periods again
            return True
        if isinstance(parent, ast.Return):
            self.returns_period = True  # the caller follows the result of the call
            return True
        return False

    def _argument(self, node, call, keyword: str | None) -> None:
        """The period passed to a call: a sink, or a project function analysed in turn (its result followed)."""
        if _root(call.func) in self.sinks:
            return None  # persoon("x", period), gezin.members("x", period), parameters(period)
        function = self._resolve(call.func)
        if function is None:
            raise _DateRead(f"line {call.lineno}: passes the period to {ast.unparse(call.func)}")
        names = _parameter_names(function) or []
        if keyword is not None:
            position = names.index(keyword) if keyword in names else None
        else:
            position = call.args.index(node) if node in call.args else None
        if position is None or position >= len(names) or any(isinstance(a, ast.Starred) for a in call.args):
            raise _DateRead(f"line {call.lineno}: passes the period to {ast.unparse(call.func)} as *args/**kwargs")
        kind = inspect.signature(function).parameters[names[position]].kind
        if kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            raise _DateRead(f"line {call.lineno}: passes the period to {ast.unparse(call.func)} as *args/**kwargs")
        sinks = frozenset(
            names[i] for i, argument in enumerate(call.args[: len(names)]) if _root(argument) in self.sinks
        ) | frozenset(k.arg for k in call.keywords if k.arg and _root(k.value) in self.sinks)
        reason, returns_period = _function_reads_date(function, frozenset([names[position]]), sinks)
        if reason is not None:
            raise _DateRead(f"line {call.lineno}: via {reason}")
        return self._use(call) if returns_period else None  # months_of(period) returns periods: followed

    def _resolve(self, func):
        """The project function a call's callee names, or None (numpy, builtins, a local name, a method)."""
        if isinstance(func, ast.Name):
            if func.id in self.own_parameters:
                return None
            found = self.function.__globals__.get(func.id, getattr(builtins, func.id, None))
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = self.function.__globals__.get(func.value.id)
            found = getattr(owner, func.attr, None) if inspect.ismodule(owner) else None
        else:
            return None
        found = inspect.unwrap(found) if callable(found) else found
        if inspect.isfunction(found) and str(pathlib.Path(found.__code__.co_filename).resolve()).startswith(
            _project_roots()
        ):
            return found
        return None
