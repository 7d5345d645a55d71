"""A one-line progress bar on stderr, for a batch run at a terminal (never when output is redirected)."""

import sys
import time

_WIDTH = 24
_EVERY_SECONDS = 0.1   # redraw at most this often: a terminal is slower than a fast batch


class Progress:
    def __init__(self, total, stream=None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.shown = False

    def advance(self):
        self.done += 1
        now = time.monotonic()
        if not self.shown or now - self.drawn_at >= _EVERY_SECONDS or self.done == self.total:
            self.drawn_at = now
            self.draw(now)

    def draw(self, now):
        filled = _WIDTH * self.done // self.total
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        line = (f"核查中 [{'#' * filled}{'.' * (_WIDTH - filled)}] {self.done}/{self.total}"
                f"  {elapsed:.0f} 秒  {rate:.1f} 个/秒")
        self.stream.write("\r" + line + "\033[K")
        self.stream.flush()
        self.shown = True

    def clear(self):
        """Wipe the bar so a report line or a message prints on a clean line; it is redrawn next time."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False
