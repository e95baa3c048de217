"""One check shared by the tests that compare two population runs: the same tables, to the bit."""

from pandas.testing import assert_frame_equal

#: The tables of ``simulate``'s results that two equivalent runs must share exactly.
TABLES = ("aggregates", "poverty", "winners", "uncovered", "repayments")


def assert_same_results(a, b, tables=TABLES) -> None:
    """``a`` and ``b`` (``simulate`` results) have the same ``tables``, value by value, and the same blank schemes."""
    for name in tables:
        x, y = getattr(a, name), getattr(b, name)
        assert_frame_equal(x.reset_index(drop=True), y.reset_index(drop=True), check_exact=True, obj=name)
    assert a.not_covered == b.not_covered
