"""A bounded dict for what a process keeps from one workbook for the next."""


class Kept(dict):
    """A dict forgotten whole once it holds ``limit`` entries: something a batch's files share with their
    template (a styles part, a sheet's frame, an empty cell), kept for the next file without growing.
    With ``largest``, a key (a part's bytes) longer than that is not kept: a template's parts are a
    few KB, and a batch of hostile files must not fill a worker's memory with 50 MB ones."""

    def __init__(self, limit, largest=None):
        super().__init__()
        self.limit, self.largest = limit, largest

    def keep(self, key, value):
        """``value``, kept under ``key`` (everything forgotten first when full)."""
        if self.largest is not None and len(key) > self.largest:
            return value
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value

    def of(self, owner, make, *extra):
        """``make()``, kept for the object ``owner`` (and ``extra``): keyed by its id, with ``owner`` kept
        beside it, as an id is only unique while its object lives."""
        key = (id(owner), *extra)
        kept = self.get(key)
        if kept is None or kept[0] is not owner:
            kept = self.keep(key, (owner, make()))
        return kept[1]
