"""The `perfeval-xl` console entry point (and `python -m perfeval_xl`).

A command is a short process that builds many small objects and few cycles:
with the collector's default thresholds a one-file `verify` spends 10–20 ms in
collections that find nothing.  The thresholds are raised here, before the
command line and the library are imported, and only here: a program that
imports perfeval_xl keeps its own.  Once the command is done, everything is
frozen: Python's exit would otherwise look through every object for cycles one
last time (some 30 ms of a one-file `verify`, measured), and nothing it could
find is waiting to be closed — outputs are closed and renamed before this.
"""

import gc


def run():
    gc.set_threshold(100_000, 50, 50)
    from perfeval_xl.cli import run as run_command

    try:
        run_command()
    finally:
        gc.freeze()
