"""Write an output file atomically: a temporary file beside it, then a rename.

Where the system allows it (Linux: ``O_TMPFILE`` and ``/proc``), the temporary
file has no name at all until it is complete, so even a process killed with
SIGKILL leaves nothing in the folder (replacing an existing output, it takes a
hidden name for the instant between a link and the rename).  Elsewhere it is a
hidden ``.~<stem>.*<suffix>`` file beside the output: removed on any error,
left behind by a SIGKILL.

Test hook: ``PERFEVAL_XL_TEST_PAUSE_BEFORE_RENAME=<seconds>`` makes every
atomic write wait that long after the temporary file is complete and before
it gets the output's name, and say so on stderr, so a test can kill the
process at exactly that point.  Nothing else reads it; never set it in use.
"""

import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PAUSE_VARIABLE = "PERFEVAL_XL_TEST_PAUSE_BEFORE_RENAME"
PAUSE_MARKER = "perfeval-xl test hook: paused before rename"


class OutputError(Exception):
    """An output cannot be written where it was asked for (message in Chinese)."""


def check_output_path(output, inputs=()):
    """Refuse an output that is one of the inputs, or whose folder does not exist."""
    output = Path(output)
    for source in inputs:
        if Path(source).exists() and output.exists() and os.path.samefile(source, output):
            raise OutputError(f"输出文件不能与输入文件相同：{output}")
    folder = _folder(output)
    if not folder.is_dir():
        raise OutputError(f"输出目录不存在：{folder}")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"输出目录不可写：{folder}")


@contextlib.contextmanager
def atomic_output(output):
    """Yield a temporary path in the output's folder; give it the name ``output`` on success.

    A crash or kill before that leaves the old output (or none) in place, never
    a half-written file under the real name.
    """
    output = Path(output)
    handle = _open_anonymous(_folder(output))
    if handle is None:
        yield from _write_named(output)
        return
    try:
        yield Path(f"/proc/self/fd/{handle}")
        _test_pause(output)
        os.fsync(handle)
        _publish(handle, output)
    finally:
        os.close(handle)


def _folder(output):
    return output.parent if str(output.parent) else Path(".")


def _open_anonymous(folder):
    """A descriptor of an unnamed file in ``folder`` that can be reopened by path, or None."""
    if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        # the kernel applies the umask: an ordinary file's mode, not a private temp file's
        return os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o666)
    except OSError:               # a file system or kernel without O_TMPFILE
        return None


def _publish(handle, output):
    """Give the finished unnamed file the name ``output``."""
    source = f"/proc/self/fd/{handle}"
    try:
        _link(source, output)     # no output yet: one link, no other name ever appears
    except FileExistsError:       # replacing an output: a hidden name, then a rename over it
        _replace_via_temporary(output, lambda temporary: _relink(source, temporary))
    except OSError:               # linking refused (an odd file system): copy the bytes
        _replace_via_temporary(output, lambda temporary: _copy(source, temporary))


def _link(source, target):
    # with a dst_dir_fd os.link calls linkat(AT_SYMLINK_FOLLOW), which follows the /proc link
    folder = os.open(_folder(target), os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(source, target.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


def _relink(source, temporary):
    os.unlink(temporary)
    _link(source, temporary)


def _copy(source, temporary):
    with open(source, "rb") as finished, open(temporary, "wb") as target:
        shutil.copyfileobj(finished, target)
        target.flush()
        os.fsync(target.fileno())


def _replace_via_temporary(output, fill):
    """``fill`` a hidden ``.~<stem>.*<suffix>`` file beside ``output``, then rename it over ``output``."""
    temporary = _temporary_name(output)
    try:
        fill(temporary)
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _write_named(output):
    """Without O_TMPFILE: the caller writes the hidden temporary file itself (a SIGKILL leaves it)."""
    temporary = _temporary_name(output)
    try:
        yield temporary
        _test_pause(output)
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _temporary_name(output):
    handle, temporary = tempfile.mkstemp(prefix=".~" + output.stem + ".", suffix=output.suffix,
                                         dir=_folder(output))
    os.close(handle)
    # mkstemp makes the file private (0600); an output is an ordinary file (0666 less the umask).
    os.chmod(temporary, 0o666 & ~_current_umask())
    return Path(temporary)


def _test_pause(output):
    """The test hook of the module docstring: wait before the rename when asked to."""
    seconds = os.environ.get(PAUSE_VARIABLE)
    if not seconds:
        return
    print(f"{PAUSE_MARKER}: {output}", file=sys.stderr, flush=True)
    time.sleep(float(seconds))


def _current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
