"""@record: a mutable dataclass whose __eq__ and __repr__ are shared functions, not generated ones.

Python 3.11 compiles every method a dataclass generates with its own exec, about
0.12 ms each, and a one-file verify builds the classes of the model, the reader
and the template plan at every start.  A record has the same fields, __init__,
equality, repr and (none) hash as ``@dataclass``; only __init__ is generated,
which saves some 0.35 ms per class (6 ms of a one-file verify for the model's
16 records).  Immutable records are named tuples instead (see template.plan.Cell).
"""

from dataclasses import dataclass, fields


def record(cls):
    """``@dataclass`` for a mutable class, with _equal and _shown as its __eq__ and __repr__."""
    cls = dataclass(eq=False, repr=False)(cls)
    cls._compared = tuple(item.name for item in fields(cls) if item.compare)
    cls._shown = tuple(item.name for item in fields(cls) if item.repr)
    cls.__eq__, cls.__repr__, cls.__hash__ = _equal, _repr, None   # unhashable, as a mutable dataclass
    return cls


def _equal(self, other):
    # As a dataclass compares: the same class, then tuples of the compared fields (a field that is
    # the same object on both sides is equal without being asked, as in any tuple comparison).
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) == _compared(other)


def _compared(item):
    return tuple([getattr(item, name) for name in item._compared])


def _repr(self):
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
    return f"{type(self).__qualname__}({shown})"
