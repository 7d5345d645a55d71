"""Write N filled template workbooks for the benchmark, deterministically, and cache them.

``make_workbooks(folder, n, seed=0)`` writes unit-0001.xlsx … unit-NNNN.xlsx into
``folder`` with the project's own template API: a template is generated once per
variant (1–3 projects, with or without a password), and each copy is filled by
``fill_template`` with its own unit name and random data (fills.py), about one in
five with a mistake (errors.py).  Each file's data depends only on (seed, its
number), so the first 100 files of a 1,000-file set are the 100-file set, and a set
has the same cells on every machine (only the save time in docProps/core.xml differs).

Run: ``python benchmarks/make_workbooks.py --n 1000 [--seed 0] [--jobs 2] [--folder DIR]``.
"""

import argparse
import datetime
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from errors import inject  # noqa: E402
from fills import make_fill  # noqa: E402
from perfeval_xl.template import (TemplateOptions, fill_template, generate_template,  # noqa: E402
                                  template_layout)

CACHE = HERE / ".cache"
REPORT_DATES = (datetime.date(2025, 3, 18), datetime.date(2025, 3, 25), datetime.date(2025, 4, 2))
VARIANTS = (
    TemplateOptions(unit="岳阳市某某局", projects=("业务工作经费",), report_date=REPORT_DATES[0]),
    TemplateOptions(unit="岳阳市某某局", projects=("业务工作经费", "运行维护经费"), report_date=REPORT_DATES[1]),
    TemplateOptions(unit="岳阳市某某局", projects=("业务工作经费", "信息化建设经费", "专项督查经费"),
                    report_date=REPORT_DATES[2]),
    TemplateOptions(unit="岳阳市某某局", projects=("业务工作经费",), password="pw",
                    report_date=REPORT_DATES[1]),
)
UNIT_KINDS = ("局", "中心", "站", "所", "办公室", "服务中心")


def file_name(index):
    return f"unit-{index:04d}.xlsx"


def unit_name(index):
    return f"岳阳市某某{UNIT_KINDS[index % len(UNIT_KINDS)]}{index}"


def generator_digest():
    """A hash of the code that makes the files: a cached set made by older code is not reused."""
    digest = hashlib.sha256()
    for name in ("make_workbooks.py", "fills.py", "errors.py"):
        digest.update((HERE / name).read_bytes())
    digest.update((HERE.parent / "scripts" / "seed_fill.py").read_bytes())
    return digest.hexdigest()[:16]


def write_one(job):
    """Fill one copy of its variant's template; return (file name, kind of mistake or None)."""
    index, seed, templates, folder = job
    rng = random.Random(f"perfeval-bench:{seed}:{index}")   # str seeds are stable across runs
    variant = index % len(VARIANTS)
    options = VARIANTS[variant]
    projects = template_layout(options).project_sheets
    fill = make_fill(rng, options, projects, unit_name(index))
    kind = inject(rng, fill, projects)
    fill_template(templates[variant], Path(folder) / file_name(index), fill)
    return file_name(index), kind


def make_workbooks(folder, n, seed=0, jobs=2, progress=True):
    """Write the n workbooks into ``folder`` (created; must not hold other files); return the manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        templates = []
        for number, options in enumerate(VARIANTS):
            templates.append(str(Path(work) / f"template-{number}.xlsx"))
            generate_template(templates[-1], options)
        tasks = [(index, seed, templates, str(folder)) for index in range(1, n + 1)]
        kinds, started = {}, time.perf_counter()
        with multiprocessing.Pool(jobs) as pool:
            for done, (name, kind) in enumerate(pool.imap_unordered(write_one, tasks, chunksize=8), 1):
                kinds[name] = kind
                if progress and (done % 50 == 0 or done == n):
                    rate = done / (time.perf_counter() - started)
                    print(f"  generated {done}/{n} ({rate:.1f} files/s)", file=sys.stderr, flush=True)
    return {"n": n, "seed": seed, "generator": generator_digest(), "variants": len(VARIANTS),
            "errors": {name: kinds[name] for name in sorted(kinds)}}


def cached_workbooks(n, seed=0, jobs=2, root=CACHE):
    """The folder of a cached set for (n, seed), made first when missing or made by other code.

    The set is written to a temporary folder and renamed, and its manifest (beside the
    folder, so the folder holds only workbooks) written last: a run interrupted while
    generating leaves nothing that looks complete.
    """
    root = Path(root)
    folder, manifest_path = root / f"n{n}-seed{seed}", root / f"n{n}-seed{seed}.json"
    if _is_complete(folder, manifest_path, n, seed):
        return folder, json.loads(manifest_path.read_text(encoding="utf-8"))
    print(f"generating {n} workbooks into {folder} …", file=sys.stderr, flush=True)
    root.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f"n{n}-seed{seed}.", dir=root))
    manifest = make_workbooks(partial, n, seed, jobs)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(partial, folder)
    _write_json(manifest_path, manifest)
    return folder, manifest


def _is_complete(folder, manifest_path, n, seed):
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    same = (manifest.get("n"), manifest.get("seed"), manifest.get("generator")) == (n, seed, generator_digest())
    return same and all((folder / name).is_file() for name in manifest["errors"])


def _write_json(path, data):
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write N filled 自评 workbooks for the benchmark.")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--folder", type=Path, default=None,
                        help="write here (no cache); default: the cache under benchmarks/.cache")
    args = parser.parse_args(argv)
    if args.folder is not None:
        manifest = make_workbooks(args.folder, args.n, args.seed, args.jobs)
        _write_json(args.folder.with_name(args.folder.name + ".json"), manifest)
        folder = args.folder
    else:
        folder, manifest = cached_workbooks(args.n, args.seed, args.jobs)
    wrong = sum(1 for kind in manifest["errors"].values() if kind)
    print(f"{folder}: {manifest['n']} workbooks, {wrong} with a mistake")


if __name__ == "__main__":
    main()
