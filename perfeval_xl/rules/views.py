"""Views of a workbook that several rules read, worked out once per check instead of once per rule.

Five 指标完成 rules read every indicator's target and completion, four 得分 rules
every score line.  Within ``one_check`` (rules.check runs every rule inside
one) a ``shared_view`` is worked out the first time a rule asks and given to
the others; the model does not change while its rules run.  Outside it (a
single rule run on its own, as the tests do) it is worked out on every call.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from perfeval_xl.kept import Kept

# Each view's tuple, kept with its workbook (Kept.of), for the check under way; a ContextVar, so two
# threads checking two workbooks at once each have their own.
_VIEWS = ContextVar("perfeval_xl_views", default=None)
# A check asks two views of one workbook; a rule that checks workbooks of its own makes a few more.
_VIEWS_PER_CHECK = 64


@contextmanager
def one_check():
    """Shared views are kept from here to the end of the block, and forgotten after it."""
    token = _VIEWS.set(Kept(_VIEWS_PER_CHECK))
    try:
        yield
    finally:
        _VIEWS.reset(token)


def shared_view(derive):
    """Decorate ``derive(workbook)`` (an iterable of what rules read): it then gives a tuple, the same
    one to every rule of one check."""

    @wraps(derive)
    def view(workbook):
        kept = _VIEWS.get()
        if kept is None:
            return tuple(derive(workbook))
        return kept.of(workbook, lambda: tuple(derive(workbook)), derive)

    return view
