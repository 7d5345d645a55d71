"""LibreOffice headless as a test oracle: recalculate many workbooks in one soffice call per batch.

A throw-away user profile sets OOXMLRecalcMode to 0 (always recalculate on
load; RULES.md §6), so the converted files hold LibreOffice's own results, not
the cached values of the input.  soffice exits 0 even when it could not load a
file: a conversion succeeded only when the exit code is 0 and the output exists.
"""

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from render import RECALC_PROFILE  # scripts/render.py: the one copy of the profile

SOFFICE = shutil.which("soffice")
MISSING = "LibreOffice (soffice) is not installed: the LibreOffice oracle tests are not run"
TIMEOUT_PER_FILE = 20   # seconds; plus a start-up allowance per call
XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"


def require_soffice():
    """Skip the calling test, with a visible reason, when LibreOffice is not installed."""
    if SOFFICE is None:
        pytest.skip(MISSING)


def recalculate(paths, out_dir, batches=1):
    """Recalculate and re-save ``paths`` (.xlsx) into ``out_dir``; returns the output paths in order.

    ``batches`` > 1 splits the files over that many soffice processes run side by
    side, each with its own profile (one profile serves one process at a time).
    Fails the test when soffice exits non-zero or an output file is missing.
    """
    require_soffice()
    paths = [Path(path) for path in paths]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    groups = [paths[start::batches] for start in range(batches) if paths[start::batches]]
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        list(pool.map(lambda item: _convert(item[1], out_dir, out_dir / f".profile{item[0]}"),
                      enumerate(groups)))
    outputs = [out_dir / path.name for path in paths]
    missing = [str(path) for path in outputs if not path.exists()]
    assert not missing, f"LibreOffice did not write: {missing}"
    return outputs


def _convert(paths, out_dir, profile):
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", XLSX_FILTER, "--outdir", str(out_dir), *map(str, paths)],
        capture_output=True, timeout=60 + TIMEOUT_PER_FILE * len(paths))
    assert result.returncode == 0, result.stderr.decode(errors="replace")
