"""The `perfeval-xl` console entry point (and `python -m perfeval_xl`).

A command is a short process that builds many small objects and few cycles:
with the collector's default thresholds a one-file `verify` spends 10–20 ms in
collections that find nothing.  The thresholds are raised here, before the
command line and the library are imported, and only here: a program that
imports perfeval_xl keeps its own.

Once the command is done, the process leaves at once (os._exit) instead of
tearing the interpreter down: freeing every module and object one by one took
some 20 ms of a one-file `verify` (7 % of it, measured), and there is nothing
left for it to close — outputs are closed and renamed before this, and the
batch's workers have been joined.  Standard output is flushed first.  Should a
child process or another thread still be running, the exit is Python's usual
one, with everything frozen so that it skips a last search for cycles.
"""

import gc
import os
import sys


def run():
    gc.set_threshold(100_000, 50, 50)
    from perfeval_xl.cli import run as run_command

    try:
        run_command()
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code):
    """End the process with the status ``code`` stands for, as SystemExit(code) would."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:   # sys.exit("…") prints its message and exits with 1
        if sys.stderr is not None:
            print(code, file=sys.stderr)
        status = 1
    gc.freeze()
    if _others_running():
        sys.exit(status)
    delivered = _flushed(sys.stdout) & _flushed(sys.stderr)
    # Python's own exit gives 120 when it cannot flush what was written; so does this one.
    os._exit(status if delivered else 120)


def _flushed(stream):
    """Flush ``stream``; False when what was written to it could not all be delivered."""
    if stream is None:   # started with the descriptor closed (`>&-`): nothing was written to it
        return True
    try:
        stream.flush()
    except BrokenPipeError:   # the reader of our output went away (`| head`): it wanted no more
        return True
    except (OSError, ValueError):   # a full disk, a stream already closed
        return False
    return True


def _others_running():
    """A child process or a thread that Python's exit would wait for."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return True
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is not None and bool(multiprocessing.active_children())
