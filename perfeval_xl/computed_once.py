"""A property worked out once per (immutable) object."""


class computed_once:
    """A property computed on first use and then kept in the instance's __dict__, where every later
    lookup finds it without calling anything (a non-data descriptor, like functools.cached_property,
    but without the lock that one takes in Python 3.11).  The table readers ask each cell for its
    text and label many times over, the rules each value whether it is blank.  A frozen dataclass
    still has a __dict__ to keep them in; its fields, eq and hash never look there.  Only for what
    depends on the frozen fields alone."""

    def __init__(self, compute):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value
