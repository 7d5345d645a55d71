"""Nothing lost: inputs stay byte-identical, outputs appear whole or not at all, nothing is overwritten unasked."""

import hashlib
import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfeval_xl import atomic
from perfeval_xl.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("yueyang-2024-原表.xlsx", "yueyang-2024-模板填报.xlsx")
TEMPLATE = "生成的模板.xlsx"
INPUTS = SAMPLES + (TEMPLATE,)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def hashes(folder):
    """{name: sha256} of every file in ``folder``, hidden ones included."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """Both samples and a generated template, as pristine copies to start each test from."""
    folder = tmp_path_factory.mktemp("originals")
    for name in SAMPLES:
        shutil.copy(ROOT / "samples" / name, folder / name)
    made = run("template", folder / TEMPLATE, "--unit", "某单位", "--project", "业务工作经费")
    assert made.exit_code == 0, made.output
    return folder


@pytest.fixture
def inputs(originals, tmp_path):
    for name in INPUTS:
        shutil.copy(originals / name, tmp_path / name)
    return tmp_path


# ---- every command leaves its inputs byte-identical -------------------------------------

COMMANDS = {
    "verify-text": lambda f: ("verify", f),
    "verify-json": lambda f: ("verify", "--format", "json", f),
    "verify-strict-select": lambda f: ("verify", "--strict", "--select", "PE2", f),
    "score-text": lambda f: ("score", f),
    "score-json": lambda f: ("score", "--format", "json", "--deadline", "2025-03-31", f),
}


@pytest.mark.parametrize("name", INPUTS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_read_only_commands_change_no_file(inputs, name, command):
    before = hashes(inputs)
    result = run(*COMMANDS[command](inputs / name))
    assert result.exit_code in (0, 1), result.output
    assert hashes(inputs) == before


@pytest.mark.parametrize("name", INPUTS)
def test_annotate_adds_its_copy_and_changes_nothing_else(inputs, name):
    before = hashes(inputs)
    result = run("verify", inputs / name, "--annotate")
    assert result.exit_code in (0, 1), result.output
    after = hashes(inputs)
    added = Path(name).stem + ".核查.xlsx"
    assert set(after) == set(before) | {added}
    assert {key: after[key] for key in before} == before


def test_rules_and_template_touch_nothing_but_their_output(inputs, monkeypatch):
    monkeypatch.chdir(inputs)
    before = hashes(inputs)
    assert run("rules").exit_code == 0 and run("rules", "PE201").exit_code == 0
    assert hashes(inputs) == before
    assert run("template", "新模板.xlsx").exit_code == 0
    assert set(hashes(inputs)) == set(before) | {"新模板.xlsx"}
    assert {key: hashes(inputs)[key] for key in before} == before


# ---- overwriting ------------------------------------------------------------------------

def refused(result, *words):
    lines = result.output.strip().splitlines()
    return (result.exit_code == 2 and lines[-1].startswith("错误：") and "Traceback" not in result.output
            and all(word in lines[-1] for word in words))


def test_an_earlier_annotated_copy_is_replaced_only_with_force(inputs):
    source, copy = inputs / SAMPLES[0], inputs / (Path(SAMPLES[0]).stem + ".核查.xlsx")
    assert run("verify", source, "--annotate").exit_code == 1
    copy.write_bytes(b"an earlier, hand-edited copy")
    again = run("verify", source, "--annotate")
    assert refused(again, "已存在", "--force") and "要核查的文件" not in again.output
    assert copy.read_bytes() == b"an earlier, hand-edited copy"
    assert run("verify", source, "--annotate", "--force").exit_code == 1
    assert copy.read_bytes().startswith(b"PK")


def test_annotate_to_an_existing_path_needs_force(inputs):
    target = inputs / "批注.xlsx"
    target.write_bytes(b"keep me")
    assert refused(run("verify", inputs / SAMPLES[0], "--annotate", target), "--force")
    assert target.read_bytes() == b"keep me"
    assert run("verify", inputs / SAMPLES[0], "--annotate", target, "--force").exit_code == 1
    assert target.read_bytes().startswith(b"PK")


def test_an_input_is_never_overwritten_even_with_force(inputs):
    first, second = inputs / SAMPLES[0], inputs / SAMPLES[1]
    before = hashes(inputs)
    assert refused(run("verify", first, "--annotate", first, "--force"), "输入文件")
    # the first file's copy would land on the second input of the same run
    shutil.copy(second, inputs / (first.stem + ".核查.xlsx"))
    before = hashes(inputs)
    both = run("verify", first, inputs / (first.stem + ".核查.xlsx"), "--annotate", "--force")
    assert refused(both, "输入文件")
    assert hashes(inputs) == before


def test_a_refused_output_stops_the_run_before_any_copy_is_written(inputs):
    first, second = inputs / SAMPLES[0], inputs / SAMPLES[1]
    (inputs / (second.stem + ".核查.xlsx")).write_bytes(b"earlier")
    before = hashes(inputs)
    assert refused(run("verify", first, second, "--annotate"), "--force")
    assert hashes(inputs) == before, "the first file's copy must not be written either"


def test_two_inputs_never_share_one_output(inputs):
    (inputs / "a").mkdir(), (inputs / "b").mkdir(), (inputs / "out").mkdir()
    shutil.copy(inputs / SAMPLES[0], inputs / "a" / "表.xlsx")
    shutil.copy(inputs / SAMPLES[1], inputs / "b" / "表.xlsx")
    result = run("verify", inputs / "a" / "表.xlsx", inputs / "b" / "表.xlsx", "--annotate", inputs / "out", "--force")
    assert refused(result, "同名")
    assert list((inputs / "out").iterdir()) == []


def test_template_needs_force_and_replaces_whole(inputs):
    target = inputs / TEMPLATE
    before = target.read_bytes()
    assert refused(run("template", target, "--unit", "别的单位"), "--force")
    assert target.read_bytes() == before
    assert run("template", target, "--unit", "别的单位", "--force").exit_code == 0
    assert target.read_bytes() != before and target.read_bytes().startswith(b"PK")
    assert not [p for p in inputs.iterdir() if p.name.startswith(".~")]


# ---- atomic writes, in-process ----------------------------------------------------------

@pytest.fixture(params=["unnamed", "named"])
def write_mode(request, monkeypatch):
    """Both ways atomic_output works: an O_TMPFILE file (Linux) and the hidden named file."""
    if request.param == "named":
        monkeypatch.setattr(atomic, "_open_anonymous", lambda folder: None)
    elif not unnamed_files_work():
        pytest.skip("该系统不支持 O_TMPFILE")
    return request.param


def unnamed_files_work(folder=ROOT):
    handle = atomic._open_anonymous(folder)
    if handle is None:
        return False
    os.close(handle)
    return True


def test_a_failed_write_leaves_the_old_output_and_no_temporary(tmp_path, write_mode):
    output = tmp_path / "out.xlsx"
    output.write_bytes(b"good")
    with pytest.raises(RuntimeError):
        with atomic.atomic_output(output) as temporary:
            temporary.write_bytes(b"half")
            raise RuntimeError("writer crashed")
    assert hashes(tmp_path) == {"out.xlsx": hashlib.sha256(b"good").hexdigest()}


@pytest.mark.parametrize("existing", [False, True])
def test_a_write_gives_a_whole_ordinary_file(tmp_path, write_mode, existing):
    output = tmp_path / "out.xlsx"
    if existing:
        output.write_bytes(b"old")
    with atomic.atomic_output(output) as temporary:
        temporary.write_bytes(b"new" * 1000)
    assert hashes(tmp_path) == {"out.xlsx": hashlib.sha256(b"new" * 1000).hexdigest()}
    assert os.stat(output).st_mode & 0o777 == 0o666 & ~atomic._current_umask()


def test_when_linking_is_refused_the_bytes_are_copied(tmp_path, monkeypatch):
    if not unnamed_files_work(tmp_path):
        pytest.skip("该系统不支持 O_TMPFILE")

    def refuse(source, target):
        raise PermissionError("linking not allowed here")

    monkeypatch.setattr(atomic, "_link", refuse)
    with atomic.atomic_output(tmp_path / "out.xlsx") as temporary:
        temporary.write_bytes(b"copied")
    assert hashes(tmp_path) == {"out.xlsx": hashlib.sha256(b"copied").hexdigest()}


# ---- a process killed (SIGKILL) just before the rename ----------------------------------

NAMED_ONLY = "import perfeval_xl.atomic as a; a._open_anonymous = lambda folder: None; "
LAUNCH = "import sys; from perfeval_xl.cli import run; sys.argv[0] = 'perfeval-xl'; run()"


def start_paused(args, cwd, named_only=False):
    """Start the CLI with the test hook; return the process once it waits before the rename."""
    env = dict(os.environ, **{atomic.PAUSE_VARIABLE: "60"})
    code = (NAMED_ONLY if named_only else "") + LAUNCH
    process = subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=cwd, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    deadline, seen = time.monotonic() + 120, b""
    while atomic.PAUSE_MARKER.encode() not in seen:
        assert time.monotonic() < deadline and process.poll() is None, seen.decode(errors="replace")
        if selector.select(timeout=1):
            seen += os.read(process.stderr.fileno(), 4096)
    return process


def open_unnamed_sizes(process, folder):
    """Sizes of the files the process holds open in ``folder`` that have no name there (Linux)."""
    sizes = []
    for fd in Path(f"/proc/{process.pid}/fd").iterdir():
        target = os.readlink(fd)
        if target.startswith(str(folder)) and target.endswith("(deleted)"):
            sizes.append(os.stat(fd).st_size)
    return sizes


def kill(process):
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    process.stderr.close()


posix_only = pytest.mark.skipif(os.name != "posix" or not hasattr(signal, "SIGKILL"),
                                      reason="需要 POSIX 的 SIGKILL")


@posix_only
@pytest.mark.parametrize("earlier", [False, True], ids=["no-earlier-copy", "earlier-copy-with-force"])
def test_sigkill_during_annotate_leaves_no_partial_output(inputs, earlier):
    if not unnamed_files_work(inputs):
        pytest.skip("该系统不支持 O_TMPFILE：见 test_sigkill_with_named_temporary_leaves_only_the_hidden_file")
    source, copy = inputs / SAMPLES[0], inputs / (Path(SAMPLES[0]).stem + ".核查.xlsx")
    if earlier:
        copy.write_bytes(b"the previous good copy")
    before = hashes(inputs)
    process = start_paused(["verify", source, "--annotate", *(["--force"] if earlier else [])], inputs)
    sizes = open_unnamed_sizes(process, inputs)
    assert len(sizes) == 1 and sizes[0] > 10_000, "the whole copy is written, only not named yet"
    kill(process)
    assert hashes(inputs) == before, "no partial copy, no temporary file, the input unchanged"


@posix_only
def test_sigkill_during_template_leaves_nothing(inputs):
    if not unnamed_files_work(inputs):
        pytest.skip("该系统不支持 O_TMPFILE")
    before = hashes(inputs)
    kill(start_paused(["template", inputs / "新模板.xlsx"], inputs))
    assert hashes(inputs) == before


@posix_only
def test_sigkill_with_named_temporary_leaves_only_the_hidden_file(inputs):
    """Without O_TMPFILE (not Linux, or a file system without it) a kill leaves a hidden temporary file."""
    source, copy = inputs / SAMPLES[0], inputs / (Path(SAMPLES[0]).stem + ".核查.xlsx")
    before = hashes(inputs)
    kill(start_paused(["verify", source, "--annotate"], inputs, named_only=True))
    after = hashes(inputs)
    assert not copy.exists()
    (leftover,) = set(after) - set(before)
    assert leftover.startswith(".~" + copy.stem + ".") and leftover.endswith(".xlsx")
    assert {key: after[key] for key in before} == before
