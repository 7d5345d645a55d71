"""Machine noise: wait for a quiet machine before each run, and measure what other processes took.

On a 2-core machine one busy neighbour (a test suite, a build) slows every measured
process; the benchmark cannot stop it, but it can say it happened.  The machine's
busy time comes from /proc/stat, the benchmark's own (this process and every
process it waited for) from getrusage; the difference is everyone else's.  Before
each measured run the benchmark also waits for the machine to be quiet.
"""

import os
import resource
import time
from typing import NamedTuple

TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds():
    """CPU seconds all cores have spent busy since boot (user, nice, system, irq, softirq, steal)."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / TICKS


class Run(NamedTuple):
    """One measured process: wall seconds, its CPU seconds, and other processes' CPU seconds meanwhile."""

    wall: float
    cpu: float
    others: float


def own_cpu():
    """(this process's CPU s, its waited-for children's CPU s): user + system."""
    totals = []
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        totals.append(usage.ru_utime + usage.ru_stime)
    return tuple(totals)


def wait_for_quiet(limit=0.15, window=1.0, patience=60):
    """Wait (at most ``patience`` s) until other processes use under ``limit`` of one core over ``window`` s.

    Called between measured runs, while the benchmark itself is idle, so all busy
    time seen is someone else's.  Returns the seconds waited; gives up quietly, as
    each Run records the other processes' CPU time anyway.
    """
    started = time.monotonic()
    while time.monotonic() - started < patience:
        before = machine_busy_seconds()
        time.sleep(window)
        if machine_busy_seconds() - before < limit * window:
            break
    return time.monotonic() - started
