"""Verify many workbooks: find them in folders, check them in parallel processes, in a stable order.

Each file is read, checked and (with --annotate) copied in a worker process;
the worker sends back a FileResult without the workbook model, with the few
numbers the summary needs (perfeval_xl/overview.py).  Results come back in
input order whatever finished first, so every output of a batch is the same
from one run to the next.
"""

import gc
import os
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from perfeval_xl.api import FileResult, verify_file
from perfeval_xl.commands.annotations import ANNOTATED_SUFFIX, CopyFailed, write_copy
from perfeval_xl.overview import file_overview

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_CRASHED = "核查进程意外退出（可能是内存不足），此文件未核查完；请单独核查此文件"


class Task(NamedTuple):
    """What every worker does with each file: the profile, the rules, and where copies go.

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    profile: object = None
    rules: tuple | None = None
    copies: dict | None = None     # input path (str) → output path of its annotated copy
    reader: str = "auto"


def collect_workbooks(paths):
    """[(path, root)] for the command line's paths: a file as given (root None), a folder searched
    recursively for .xlsx/.xlsm/.xls (root: that folder), each file once, in a stable order.

    Skipped inside folders: perfeval-xl's own *.核查.xlsx copies, Office's "~$" lock files and
    hidden files.  A file named on the command line is always taken, whatever its name.
    """
    found, seen = [], set()
    for given in map(Path, paths):
        if given.is_dir():
            candidates = [(path, given) for path in sorted(given.rglob("*")) if _is_workbook(path, given)]
        else:
            candidates = [(given, None)]
        for path, root in candidates:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                found.append((path, root))
    return found


def _is_workbook(path, root):
    parts = path.relative_to(root).parts
    return (path.suffix.lower() in WORKBOOK_SUFFIXES and path.is_file()
            and not path.name.endswith(ANNOTATED_SUFFIX) and not path.name.startswith("~$")
            and not any(part.startswith(".") for part in parts))


def check_file(path, task):
    """Verify one file (and write its annotated copy): the FileResult to send back, model dropped."""
    result = verify_file(path, task.profile, task.rules, reader=task.reader)
    result.overview = file_overview(result.workbook)
    output = (task.copies or {}).get(str(path))
    if output is not None and result.status == "checked":
        try:
            result.notes = [f"已写出批注副本：{output}", *write_copy(result, output, task.profile)]
            result.copy = str(output)
        except CopyFailed as error:
            result.copy_error = str(error)
    result.workbook = None  # the model stays in the worker: it is large, and nothing after needs it
    return result


def run_batch(paths, task, jobs, on_result=None, keep=True):
    """FileResults for ``paths`` in order, checked by ``jobs`` processes; ``on_result`` sees each as it lands.

    Returns (results, interrupted): on Ctrl-C the files already checked are returned
    and the workers stop after the file each is on.  With ``keep`` False nothing is
    kept once ``on_result`` has seen it (a streamed report: memory does not grow with
    the number of files), and the results are an empty list.
    """
    results = []
    try:
        with _CtrlC() as ctrl_c:
            for result in _results(paths, task, jobs):
                with ctrl_c.held():
                    if keep:
                        results.append(result)
                    if on_result is not None:
                        on_result(result)
    except KeyboardInterrupt:
        return results, True
    return results, False


class _CtrlC:
    """Ctrl-C is held back while a result is kept and reported: a file is counted, printed and
    summarised in full or not at all (a report line cut half-way, or counted and never printed,
    would make the report disagree with its own total)."""

    def __init__(self):
        self.busy = self.pending = False
        self.previous = None

    def __enter__(self):
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            return self   # started in the background (`verify … &` in a script): Ctrl-C is not for this run
        try:
            self.previous = signal.signal(signal.SIGINT, self._on_signal)
        except ValueError:   # not the main thread: signals are not ours to handle
            self.previous = None
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def _on_signal(self, signum, frame):
        if self.busy:
            self.pending = True
        else:
            raise KeyboardInterrupt

    @contextmanager
    def held(self):
        self.busy = True
        try:
            yield
        finally:
            self.busy = False
        if self.pending:
            raise KeyboardInterrupt


def _results(paths, task, jobs):
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield check_file(path, task)
        return
    yield from _parallel(paths, task, jobs)


def _parallel(paths, task, jobs):
    # Imported here: a single-file run should not pay for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Several files per message keeps the inter-process traffic small; small enough
    # chunks that both processes finish at about the same time.
    chunk = max(1, min(16, len(paths) // (jobs * 8)))
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_start, initargs=(task,))
    done = 0
    try:
        for result in executor.map(_worker_check, paths, chunksize=chunk):
            done += 1
            yield result
    except BrokenProcessPool:
        for path in paths[done:]:
            yield _crashed(path)
    finally:
        # On Ctrl-C: files not yet started are dropped; a worker finishes the file it is on.
        executor.shutdown(wait=True, cancel_futures=True)


_TASK = None


def _worker_start(task):
    global _TASK
    _TASK = task
    # Ctrl-C reaches the whole process group: the main process decides, workers carry on quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A workbook makes thousands of small objects and almost no cycles: leave the imported
    # modules out of every collection and collect the young generation less often.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _worker_check(path):
    return check_file(path, _TASK)


def _crashed(path):
    return FileResult(path=str(path), status="unreadable", error=_CRASHED)


def default_jobs():
    """One process per CPU this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
