"""Peak memory of a whole process tree (a command and every worker it starts), sampled from /proc.

A batch run's memory is its main process plus its workers, so the peak of their
summed resident sets is what the machine must have free.  RSS counts pages the
workers share with the parent (forked code, imported modules) once per process,
so the sum overstates; PSS (/proc/PID/smaps_rollup) splits shared pages between
the processes sharing them and is reported beside it.  This kernel has no
/proc/PID/task/TID/children, so the tree is found from each process's parent id.
"""

import os
import subprocess
import threading
import time
from dataclasses import dataclass

INTERVAL = 0.02   # seconds between samples: a worker lives for the whole batch, so 20 ms sees it
RESCAN = 10       # find the tree again every 10th sample: walking all of /proc each time costs CPU
                  # the measured run needs on a 2-core machine, and workers are started once


@dataclass
class MemoryPeak:
    """Peaks over a run, in KiB: the summed RSS, the summed PSS, and the largest single RSS."""

    rss_sum: int = 0
    pss_sum: int = 0
    rss_largest: int = 0
    rss_main: int = 0      # the process started: what it keeps for the whole run (results, output)
    samples: int = 0
    processes: int = 0     # the most processes seen at once


def parents():
    """{pid: parent pid} of every process now running."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()   # the command name may hold spaces
        except OSError:
            continue       # ended between listdir and open
        table[int(name)] = int(fields[1])
    return table


def descendants(root):
    """``root`` and every process below it."""
    children = {}
    for pid, parent in parents().items():
        children.setdefault(parent, []).append(pid)
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, ()))
    return tree


def field_kib(path, label):
    """The ``label:`` line of a /proc status-like file, in KiB (0 when the process is gone)."""
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if line.startswith(label):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def sample(tree, peak):
    rss = [field_kib(f"/proc/{pid}/status", b"VmRSS:") for pid in tree]
    pss = sum(field_kib(f"/proc/{pid}/smaps_rollup", b"Pss:") for pid in tree)
    peak.rss_sum = max(peak.rss_sum, sum(rss))
    peak.pss_sum = max(peak.pss_sum, pss)
    peak.rss_largest = max(peak.rss_largest, max(rss, default=0))
    peak.rss_main = max(peak.rss_main, rss[0] if rss else 0)
    peak.processes = max(peak.processes, sum(1 for value in rss if value))
    peak.samples += 1


def run_sampled(command, **popen):
    """Run ``command`` to its end, sampling its tree; return (wall seconds, exit status, MemoryPeak)."""
    peak, done = MemoryPeak(), threading.Event()
    started = time.perf_counter()
    process = subprocess.Popen(command, **popen)

    def watch():
        tree = [process.pid]
        while not done.is_set():
            if peak.samples % RESCAN == 0:
                tree = descendants(process.pid)
            sample(tree, peak)
            done.wait(INTERVAL)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        status = process.wait()
    except BaseException:   # the benchmark stopped (Ctrl-C, SIGTERM): the measured tree goes with it
        process.kill()
        process.wait()
        raise
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join()
    return elapsed, status, peak
