"""@record: a mutable dataclass whose __eq__ and __repr__ are shared functions, not generated ones.

Python 3.11 compiles every method a dataclass generates with its own exec, about
0.12 ms each, and a one-file verify builds the classes of the model, the reader
and the template plan at every start.  A record has the same fields, __init__,
equality, repr and (none) hash as ``@dataclass`` in Python 3.11 and 3.12; only
__init__ is generated, which saves some 0.35 ms per class (6 ms of a one-file
verify for the model's 16 records).  Immutable records are named tuples instead
(see template.plan.Cell).
"""

from dataclasses import dataclass, fields
from reprlib import recursive_repr


def record(cls):
    """``@dataclass`` for a mutable class, with _equal and _repr as its __eq__ and __repr__ unless its
    body writes its own (as a dataclass keeps them)."""
    cls = dataclass(eq=False, repr=False)(cls)
    cls._compared = tuple(item.name for item in fields(cls) if item.compare)
    cls._shown = tuple(item.name for item in fields(cls) if item.repr)
    for name, method in (("__eq__", _equal), ("__repr__", _repr), ("__hash__", None)):   # unhashable
        if name not in cls.__dict__:
            setattr(cls, name, method)
    return cls


def _equal(self, other):
    # As a dataclass compares in Python 3.11 and 3.12: the same class, then tuples of the compared
    # fields (a field that is the same object on both sides is equal without being asked).
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) == _compared(other)


def _compared(item):
    return tuple([getattr(item, name) for name in item._compared])


@recursive_repr()   # a record inside itself shows as "...", as a dataclass's repr does
def _repr(self):
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
    return f"{type(self).__qualname__}({shown})"
