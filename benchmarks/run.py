"""The speed benchmark: perfeval-xl verify against an openpyxl baseline and a python-calamine floor.

    python benchmarks/run.py --n 1000 [--repeat 3] [--jobs 2] [--folder DIR] [--write-results]

In one run, on the same N generated workbooks (make_workbooks.py) and with this
interpreter (sys.executable) for every process:

(a) naive: one process loading each file with openpyxl.load_workbook (what a script
    that "just opens the files" costs);
(b) floor: one process reading every cell value of every sheet with python-calamine
    (Rust; no Python-level checker can read the cells faster);
(c) perfeval-xl verify FOLDER --jobs J --format jsonl, once more with --summary;
(d) one file, whole process: perfeval-xl verify FILE against python -c "load_workbook(FILE)";
(e) peak memory of (c)'s process tree at N and at N/10.

Runs of (a), (b), (c) are interleaved so machine noise spreads over all three;
medians are reported.  Targets: (c) ≥ 5× (a)'s throughput and ≤ 3× (b)'s time,
(d) ≤ 0.5, (e) < 200 MiB and not growing with N.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_workbooks import CACHE, cached_workbooks  # noqa: E402
from noise import Run, machine_busy_seconds, own_cpu, wait_for_quiet  # noqa: E402
from proctree import run_sampled  # noqa: E402
from results import Results, print_table, write_results  # noqa: E402

PYTHON = sys.executable   # absolute: a pyenv shim or bare "python" would add its own start-up


def perfeval_command():
    """How verify is started: the `perfeval-xl` script pip installed beside this interpreter, which is
    what the single-file target names and what a reviewer types (a script of two imports, so no runpy),
    or ``python -m perfeval_xl`` where there is none or it names another interpreter."""
    script = Path(PYTHON).parent / "perfeval-xl"
    try:
        first_line = script.read_bytes().split(b"\n", 1)[0]
    except OSError:
        first_line = b""
    interpreter = first_line[2:].decode(errors="replace").strip() if first_line.startswith(b"#!") else ""
    same = interpreter and os.path.realpath(interpreter) == os.path.realpath(PYTHON) and os.access(script, os.X_OK)
    return [str(script)] if same else [PYTHON, "-m", "perfeval_xl"]


PERFEVAL = perfeval_command()
NAIVE = """import sys, pathlib, openpyxl
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.xlsx")):
    openpyxl.load_workbook(path)
"""
FLOOR = """import sys, pathlib
from python_calamine import CalamineWorkbook
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.xlsx")):
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
"""
VERIFY_OK = (0, 1)   # 1: the workbooks have errors, which some of them do on purpose


def timed(command, ok=(0,), stdout=subprocess.DEVNULL):
    """Run one whole process once the machine is quiet; return its Run.

    CPU seconds (user + system of the process and its children) move less than wall
    time when a neighbour takes a core, and the neighbours' CPU seconds say whether
    that happened, so both are kept beside the wall time.  A failed command stops the
    benchmark with its stderr.
    """
    wait_for_quiet()
    before = (machine_busy_seconds(), own_cpu())
    started = time.perf_counter()
    done = subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        sys.exit(f"failed (exit status {done.returncode}): {' '.join(map(str, command))}\n"
                 f"{done.stderr.decode(errors='replace')[-3000:]}")
    after = own_cpu()
    cpu = after[1] - before[1][1]
    ours = sum(after) - sum(before[1])
    return Run(elapsed, cpu, max(0.0, machine_busy_seconds() - before[0] - ours))


def verify_command(folder, jobs, *extra):
    return [*PERFEVAL, "verify", str(folder), "--jobs", str(jobs), "--format", "jsonl", *extra]


def prepare():
    """Check the floor's library and that the installed package is this checkout's, and compile it.

    verify is timed as the README's Quick start installs it, a regular install (an
    editable one adds a module finder that every start imports); RESULTS.md names this
    checkout's commit, so the installed files must be this checkout's.  This machine
    sets PYTHONDONTWRITEBYTECODE=1: an editable checkout has no bytecode, while openpyxl
    in site-packages was compiled when pip installed it, so the package is compiled here.
    """
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        sys.exit("python-calamine is not installed: pip install '.[bench]' (it is the benchmark's floor)")
    import perfeval_xl
    package, checkout = Path(perfeval_xl.__file__).resolve().parent, ROOT / "perfeval_xl"
    if package != checkout:
        installed, here = package_files(package), package_files(checkout)
        if installed != here:
            first = min(name for name in set(installed) | set(here) if installed.get(name) != here.get(name))
            sys.exit(f"perfeval_xl in {package} is not this checkout's (first difference: {first}): "
                     f"pip install '.[bench]' again (and remove build/ and stray files under perfeval_xl/)")
    # Both: `python -m perfeval_xl`, the fallback of perfeval_command, imports the checkout's copy.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(package), str(checkout)], check=True)
    return package


def package_files(folder):
    """{path inside the package: bytes} of every file but compiled bytecode."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts}


def warm_up(folder):
    """Read every file once, so no measured run is the one that pays for a cold OS file cache."""
    for path in sorted(folder.glob("*.xlsx")):
        path.read_bytes()


def measure_batch(folder, jobs, repeat, scratch):
    """{"naive"|"floor"|"verify": [noise.Run per run]}, the three interleaved run by run."""
    runs = {"naive": [], "floor": [], "verify": []}
    for run in range(repeat):
        runs["naive"].append(timed([PYTHON, "-c", NAIVE, str(folder)]))
        runs["floor"].append(timed([PYTHON, "-c", FLOOR, str(folder)]))
        with open(scratch / f"verify-{run}.jsonl", "wb") as output:
            runs["verify"].append(timed(verify_command(folder, jobs), VERIFY_OK, output))
        print(f"  run {run + 1}/{repeat}: " + ", ".join(f"{k} {v[-1].wall:.2f} s" for k, v in runs.items()),
              file=sys.stderr, flush=True)
    return runs


def measure_single(path, repeat):
    """{"verify"|"openpyxl": [noise.Run per run]}: one file, whole process, interleaved."""
    runs = {"verify": [], "openpyxl": []}
    load = f"import openpyxl; openpyxl.load_workbook({str(path)!r})"
    for _ in range(repeat):
        runs["verify"].append(timed([*PERFEVAL, "verify", str(path)], VERIFY_OK))
        runs["openpyxl"].append(timed([PYTHON, "-c", load]))
    return runs


def measure_memory(folder, count, jobs, scratch):
    """Peak memory of verify's process tree over the first ``count`` files (hard links, no copies)."""
    subset = Path(tempfile.mkdtemp(prefix=f"first{count}.", dir=scratch))
    for path in sorted(folder.glob("*.xlsx"))[:count]:
        os.link(path, subset / path.name)
    wait_for_quiet()
    elapsed, status, peak = run_sampled(verify_command(subset, jobs), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, cwd=ROOT)
    if status not in VERIFY_OK:
        sys.exit(f"verify failed on {subset} (exit status {status})")
    return {"files": count, "seconds": elapsed, **vars(peak)}


def typical_file(folder):
    """The file of median size: a single-file time that is neither the smallest nor the largest case."""
    files = sorted(folder.glob("*.xlsx"), key=lambda path: (path.stat().st_size, path.name))
    return files[len(files) // 2]


def check_findings(jsonl_path, manifest):
    """Did the timed run do the work?  Count the files it reported and the planted mistakes it found."""
    from errors import KINDS

    reported, unreadable, found = 0, 0, 0
    expected = {name: KINDS[kind][1] for name, kind in manifest["errors"].items() if kind and KINDS[kind][1]}
    for line in jsonl_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line) if line.strip() else {}
        if "path" not in record:
            continue       # not a file's line (a closing summary, if the format has one)
        reported += 1
        unreadable += record.get("status") == "unreadable"
        rule = expected.get(Path(record["path"]).name)
        found += bool(rule) and any(item["rule"] == rule for item in record.get("findings", ()))
    return {"reported": reported, "unreadable": unreadable, "planted": len(expected), "found": found}


def shown(path):
    """A path relative to the checkout when it is inside it: RESULTS.md should not name this machine's folders."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of workbooks (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a), (b), (c) (default 3)")
    parser.add_argument("--single-repeat", type=int, default=21, help="runs of (d) (default 21)")
    parser.add_argument("--jobs", type=int, default=2, help="verify --jobs (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated workbooks (default 0)")
    parser.add_argument("--folder", type=Path, default=CACHE,
                        help="where generated workbook sets are cached (default benchmarks/.cache)")
    parser.add_argument("--write-results", action="store_true", help="write benchmarks/RESULTS.md")
    return parser.parse_args(argv)


def _stopped(signum, frame):
    # kill's SIGTERM would end this process at once and leave the measured one running, skewing
    # whatever runs next; as an exception it passes through subprocess.run, which kills its child.
    raise SystemExit("benchmark stopped")


def main(argv=None):
    signal.signal(signal.SIGTERM, _stopped)
    args = parse_args(argv)
    package = prepare()
    folder, manifest = cached_workbooks(args.n, args.seed, args.jobs, args.folder)
    warm_up(folder)
    with tempfile.TemporaryDirectory(dir=args.folder) as scratch:   # beside the set: hard links work
        scratch = Path(scratch)
        print(f"batch: {args.n} files × {args.repeat} runs (interleaved) …", file=sys.stderr, flush=True)
        batch = measure_batch(folder, args.jobs, args.repeat, scratch)
        findings = check_findings(scratch / "verify-0.jsonl", manifest)
        summary = timed(verify_command(folder, args.jobs, "--summary", str(scratch / "summary.xlsx")),
                        VERIFY_OK)
        single_file = typical_file(folder)
        single = measure_single(single_file, args.single_repeat)
        memory = [measure_memory(folder, count, args.jobs, scratch)
                  for count in (max(1, args.n // 10), args.n)]
    results = Results(args=args, package=package, batch=batch, summary=summary, single_file=shown(single_file),
                      single=single, memory=memory, findings=findings, perfeval=PERFEVAL)
    print_table(results)
    if args.write_results:
        write_results(results, HERE / "RESULTS.md")
        print(f"wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
