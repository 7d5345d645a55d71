"""The benchmark's generated workbooks: made deterministically, read by the fast reader, mistakes found.

The speed numbers in benchmarks/RESULTS.md are only worth something if the files
are what the benchmark says and verify did the real work on them.
"""

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from make_workbooks import make_workbooks  # noqa: E402
from run import check_findings  # noqa: E402

from perfeval_xl.reader.fast_xlsx import read_fast  # noqa: E402
from perfeval_xl.reader.workbook import read_workbook  # noqa: E402


def test_generated_workbooks_are_checked_and_their_mistakes_found(tmp_path):
    manifest = make_workbooks(tmp_path / "set", 12, seed=3, jobs=1, progress=False)
    files = sorted((tmp_path / "set").glob("*.xlsx"))
    assert [path.name for path in files] == [f"unit-{index:04d}.xlsx" for index in range(1, 13)]
    assert all(read_workbook(path).reader == "fast" for path in files)
    again = make_workbooks(tmp_path / "again", 12, seed=3, jobs=1, progress=False)
    assert again["errors"] == manifest["errors"]
    for path in files[:3]:   # the same cells (only the save time in docProps differs)
        first, second = read_fast(path), read_fast(tmp_path / "again" / path.name)
        assert [sheet.cells for sheet in first.sheets] == [sheet.cells for sheet in second.sheets]

    out = tmp_path / "out.jsonl"
    with open(out, "w") as stdout:
        result = subprocess.run([sys.executable, "-m", "perfeval_xl", "verify", str(tmp_path / "set"), "--jobs", "2",
                                 "--format", "jsonl"], stdout=stdout, stderr=subprocess.PIPE, text=True)
    assert result.returncode in (0, 1), result.stderr
    counts = check_findings(out, manifest)
    assert counts["reported"] == 12 and counts["unreadable"] == 0
    assert counts["planted"] == 3 and counts["found"] == 3   # seed 3: two PE403, one PE203 (and a 执行率 over 100 %, which no rule reports)


def test_a_stopped_benchmark_leaves_no_measured_process_behind():
    # Ctrl-C (or SIGTERM, which run.py turns into an exception) while a run is sampled: the child goes too.
    import os
    import signal
    import threading
    import time

    from proctree import run_sampled

    marker = "sleep-for-the-benchmark-test"

    def running():
        return subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()

    def interrupt_once_started():
        while not running():
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)   # a real signal: it interrupts the wait for the child

    # A shell starts a background job with SIGINT ignored, and Python keeps that: give it Python's handler.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    threading.Thread(target=interrupt_once_started, daemon=True).start()
    started = time.perf_counter()
    try:
        run_sampled([sys.executable, "-c", f"import time; time.sleep(60)  # {marker}"])
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("run_sampled returned although it was interrupted")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert time.perf_counter() - started < 30 and running() == []
