"""Write an output file atomically: a temporary file beside it, then a rename."""

import contextlib
import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output cannot be written where it was asked for (message in Chinese)."""


def check_output_path(output, inputs=()):
    """Refuse an output that is one of the inputs, or whose folder does not exist."""
    output = Path(output)
    for source in inputs:
        if Path(source).exists() and output.exists() and os.path.samefile(source, output):
            raise OutputError(f"输出文件不能与输入文件相同：{output}")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"输出目录不存在：{folder}")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"输出目录不可写：{folder}")


@contextlib.contextmanager
def atomic_output(output):
    """Yield a temporary path in the output's folder; rename it over ``output`` on success.

    A crash or kill before the rename leaves the old output (or none) in place,
    never a half-written file under the real name.
    """
    output = Path(output)
    handle, temporary = tempfile.mkstemp(prefix=".~" + output.stem + ".", suffix=output.suffix,
                                         dir=output.parent if str(output.parent) else ".")
    os.close(handle)
    # mkstemp makes the file private (0600); an output is an ordinary file (0666 less the umask).
    os.chmod(temporary, 0o666 & ~_current_umask())
    try:
        yield Path(temporary)
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
