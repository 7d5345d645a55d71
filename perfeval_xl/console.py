"""The `perfeval-xl` console entry point (and `python -m perfeval_xl`).

A command is a short process that builds many small objects and few cycles:
with the collector's default thresholds a one-file `verify` spends 10–20 ms in
collections that find nothing.  The thresholds are raised here, before the
command line and the library are imported, and only here: a program that
imports perfeval_xl keeps its own.
"""

import gc


def run():
    gc.set_threshold(100_000, 50, 50)
    from perfeval_xl.cli import run as run_command

    run_command()
