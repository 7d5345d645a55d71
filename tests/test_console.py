"""The entry point leaves with os._exit once the command is done: statuses, output and children intact."""

import gc
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from perfeval_xl import console

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yueyang-2024-原表.xlsx"
# Standard output block-buffered into a pipe, as for a reviewer's script (this machine sets PYTHONUNBUFFERED).
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


class Left(Exception):
    """Raised by the stand-in for os._exit, with the status it was given."""


@pytest.fixture
def exits(monkeypatch):
    """os._exit replaced: leave() raises Left(status) instead of ending pytest."""
    def stand_in(status):
        raise Left(status)

    monkeypatch.setattr(console.os, "_exit", stand_in)
    yield
    gc.unfreeze()   # leave() froze pytest's objects


@pytest.fixture
def alone(monkeypatch):
    """No other thread or child as far as leave() can tell (a pytest plugin may run a thread)."""
    monkeypatch.setattr(console, "_others_running", lambda: False)


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (1, 1), (2, 2), (130, 130)])
def test_leave_exits_with_the_status_systemexit_would(exits, alone, code, status):
    with pytest.raises(Left) as left:
        console.leave(code)
    assert left.value.args == (status,)


def test_leave_prints_a_text_code_and_exits_1_as_python_does(exits, alone, capsys):
    with pytest.raises(Left) as left:
        console.leave("错误：停止")
    assert left.value.args == (1,)
    assert capsys.readouterr().err == "错误：停止\n"


class _Unflushable:
    """A standard output whose flush fails with ``error``."""

    def __init__(self, error):
        self.error = error

    def flush(self):
        raise self.error


@pytest.mark.parametrize("stdout, status", [
    (None, 1),                                                     # started with `>&-`: nothing to flush
    (_Unflushable(BrokenPipeError()), 1),                          # `| head`: the reader wanted no more
    (_Unflushable(OSError(28, "No space left on device")), 120),   # as Python's own exit reports it
])
def test_leave_says_when_the_output_could_not_be_delivered(exits, alone, monkeypatch, stdout, status):
    monkeypatch.setattr(sys, "stdout", stdout)
    with pytest.raises(Left) as left:
        console.leave(1)
    assert left.value.args == (status,)


_REAL_EXIT = os._exit


def _wait_in_child(seconds):
    os._exit = _REAL_EXIT   # forked after the stand-in was set: the child must end as a child does
    threading.Event().wait(seconds)


def test_leave_waits_for_a_running_child_process(exits):
    child = multiprocessing.get_context("fork").Process(target=_wait_in_child, args=(30,))
    child.start()
    try:
        with pytest.raises(SystemExit) as done:   # Python's own exit, which joins the child
            console.leave(2)
        assert done.value.code == 2
    finally:
        child.terminate()
        child.join()


def test_leave_waits_for_a_running_thread(exits):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, args=(30,))
    thread.start()
    try:
        with pytest.raises(SystemExit) as done:
            console.leave(1)
        assert done.value.code == 1
    finally:
        stop.set()
        thread.join()


def test_leave_flushes_what_is_still_buffered():
    # click flushes each line it echoes; anything written otherwise must not be lost to os._exit.
    code = "import sys; from perfeval_xl.console import leave; sys.stdout.write('最后一行'); leave(1)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, env=BUFFERED)
    assert (result.returncode, result.stdout.decode()) == (1, "最后一行")


def test_a_batch_through_a_pipe_loses_no_output(tmp_path):
    # 30 files' JSON lines through a pipe, from two workers: every line arrives.
    for number in range(30):
        shutil.copy(SAMPLE, tmp_path / f"unit-{number:02d}.xlsx")
    result = subprocess.run([sys.executable, "-m", "perfeval_xl", "verify", str(tmp_path), "--format", "jsonl",
                             "--jobs", "2"], capture_output=True, timeout=300, env=BUFFERED)
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1, result.stderr.decode()
    assert sorted(Path(json.loads(line)["path"]).name for line in lines) == [f"unit-{n:02d}.xlsx" for n in range(30)]
    assert result.stderr == b""


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    for number in range(30):
        shutil.copy(SAMPLE, tmp_path / f"unit-{number:02d}.xlsx")
    process = subprocess.Popen([sys.executable, "-m", "perfeval_xl", "verify", str(tmp_path), "--jobs", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BUFFERED)
    process.stdout.read(100)
    process.stdout.close()   # like `| head -c 100`
    stderr = process.stderr.read().decode()
    process.wait(timeout=300)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


@pytest.mark.parametrize("output_format", ["text", "json", "jsonl"])
def test_a_closed_standard_output_is_no_traceback(output_format):
    # Started as `perfeval-xl verify FILE >&-`: Python gives sys.stdout None; the check still runs.
    result = subprocess.run([sys.executable, "-m", "perfeval_xl", "verify", str(SAMPLE), "--format", output_format],
                            stderr=subprocess.PIPE, timeout=120, env=BUFFERED, preexec_fn=lambda: os.close(1))
    assert (result.returncode, result.stderr.decode()) == (1, "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_full_disk_is_one_chinese_line_and_status_2(output_format):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "perfeval_xl", "verify", str(SAMPLE), "--format", output_format],
                                stdout=full, stderr=subprocess.PIPE, timeout=120, env=BUFFERED)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == ["错误：无法写出核查结果：No space left on device"]
