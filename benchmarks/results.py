"""The benchmark's results: ratios against the targets, the machine, the table and RESULTS.md."""

import datetime
import os
import platform
import subprocess
import statistics
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

MIB = 1024        # the sampler reports KiB
MEMORY_LIMIT_MIB = 200
MEMORY_GROWTH_LIMIT = 1.15   # peak at N over peak at N/10: "does not grow with N", with room for noise


@dataclass
class Results:
    args: object
    package: Path
    batch: dict            # naive / floor / verify → [noise.Run], one per interleaved run
    summary: object        # the noise.Run of verify with --summary
    single_file: Path
    single: dict           # verify / openpyxl → [noise.Run]
    memory: list           # [at N/10, at N], dicts from run.measure_memory
    findings: dict         # from run.check_findings
    perfeval: list         # how verify was started: the perfeval-xl script, or python -m perfeval_xl


def paired_ratios(numerators, denominators):
    """The ratio of each run to its interleaved partner: the two ran one after the other, so a machine
    that drifts faster or slower through the benchmark moves both alike."""
    return [top.wall / bottom.wall for top, bottom in zip(numerators, denominators)]


def ratio_text(ratios, unit=""):
    """"5.1× (runs 4.9 / 5.1 / 5.6)": the median of the paired ratios, then each."""
    return f"{statistics.median(ratios):.2f}{unit} (runs {' / '.join(f'{r:.2f}' for r in ratios)})"


def targets(results):
    """[(what, measured text, target text, passed)] for the targets of the issue, each judged on the
    median of the paired run-by-run ratios."""
    batch, single = results.batch, results.single
    speedups = paired_ratios(batch["naive"], batch["verify"])
    floor_ratios = paired_ratios(batch["verify"], batch["floor"])
    single_ratios = paired_ratios(single["verify"], single["openpyxl"])
    small, large = results.memory
    peak = large["rss_sum"] / MIB
    growth = large["rss_sum"] / small["rss_sum"]
    return [
        ("batch throughput ÷ naive openpyxl throughput", ratio_text(speedups, "×"), "≥ 5×",
         statistics.median(speedups) >= 5),
        ("batch time ÷ calamine floor time", ratio_text(floor_ratios, "×"), "≤ 3×",
         statistics.median(floor_ratios) <= 3),
        ("single file: verify ÷ openpyxl load (whole process)", ratio_text(single_ratios), "≤ 0.5",
         statistics.median(single_ratios) <= 0.5),
        (f"peak memory of the {large['files']}-file batch (Σ RSS of the process tree)", f"{peak:.0f} MiB",
         f"< {MEMORY_LIMIT_MIB} MiB", peak < MEMORY_LIMIT_MIB),
        (f"peak memory at N = {large['files']} ÷ at N = {small['files']}", f"{growth:.2f}",
         f"≤ {MEMORY_GROWTH_LIMIT} (flat)", growth <= MEMORY_GROWTH_LIMIT),
    ]


def machine():
    """{label: value} describing where the numbers were measured."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    return {
        "CPU": f"{model}, {os.cpu_count()} cores",
        "RAM": f"{memory / MIB / MIB:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_version()} ({sys.executable})",
        "environment": environment(),
        "openpyxl": metadata.version("openpyxl"),
        "python-calamine": metadata.version("python-calamine"),
        "perfeval-xl": f"{metadata.version('perfeval-xl')} ({commit()})",
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def environment():
    """Whether this interpreter is a virtual environment's, and the .pth files its start-up runs: they
    are paid by every process, verify's and openpyxl's alike."""
    import site

    kind = "virtual environment" if sys.prefix != sys.base_prefix else "the interpreter's own site-packages"
    found = sorted(path.name for folder in site.getsitepackages() for path in Path(folder).glob("*.pth"))
    return f"{kind}; start-up runs {', '.join(found) if found else 'no .pth file'}"


def commit():
    """The checkout's commit, "+ local changes" when the working tree differs from it."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "perfeval_xl"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "no git"
    return f"commit {head}" + (" + local changes" if dirty else "")


def command(args):
    line = "python3 -m venv .venv && . .venv/bin/activate && pip install -q '.[bench]'\n"
    line += f"python benchmarks/run.py --n {args.n} --repeat {args.repeat} --jobs {args.jobs}"
    if args.single_repeat != 21:
        line += f" --single-repeat {args.single_repeat}"
    if args.seed:
        line += f" --seed {args.seed}"
    return line + " --write-results"


def timing_rows(results):
    """[(measurement, median wall s, files/s, median CPU s, others' CPU share, every run's wall s)]."""
    n, jobs = results.args.n, results.args.jobs
    rows = [(label, runs, n) for label, runs in (
        ("(a) naive: openpyxl.load_workbook, 1 process", results.batch["naive"]),
        ("(b) floor: python-calamine, every cell of every sheet, 1 process", results.batch["floor"]),
        (f"(c) perfeval-xl verify DIR --jobs {jobs} --format jsonl", results.batch["verify"]),
        ("(c′) the same with --summary summary.xlsx (1 run)", [results.summary]))]
    rows += [(label, runs, None) for label, runs in (
        (f"(d) perfeval-xl verify FILE, whole process ({results.args.single_repeat} runs)",
         results.single["verify"]),
        ('(d) python -c "import openpyxl; openpyxl.load_workbook(FILE)"', results.single["openpyxl"]))]
    return [timing_row(label, runs, files) for label, runs, files in rows]


def timing_row(label, runs, files):
    wall = statistics.median(run.wall for run in runs)
    cpu = statistics.median(run.cpu for run in runs)
    others = sum(run.others for run in runs) / (sum(run.wall for run in runs) * (os.cpu_count() or 1))
    digits = 2 if files else 3
    return (label, f"{wall:.{digits}f}", f"{files / wall:.1f}" if files else "", f"{cpu:.{digits}f}",
            f"{others:.0%}", " / ".join(f"{run.wall:.{digits}f}" for run in runs) if len(runs) > 1 else "")


def memory_rows(results):
    return [(str(m["files"]), f"{m['rss_sum'] / MIB:.0f}", f"{m['pss_sum'] / MIB:.0f}",
             f"{m['rss_main'] / MIB:.0f}", f"{m['rss_largest'] / MIB:.0f}", str(m["processes"]),
             f"{m['seconds']:.1f}") for m in results.memory]


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def render(results):
    """RESULTS.md as text."""
    n, repeat = results.args.n, results.args.repeat
    return "\n".join([
        "# Benchmark results", "",
        "Written by `benchmarks/run.py` (see benchmarks/README.md for what is measured and why).", "",
        "## Machine", "", *table(("", ""), machine().items()), "",
        f"## Run: N = {n} workbooks, medians of {repeat} interleaved runs", "",
        *table(("measurement", "median wall (s)", "files/s", "median CPU (s)", "others' CPU", "runs, wall (s)"),
               timing_rows(results)), "",
        "CPU: user + system time of the process and its workers.  Others' CPU: the share of the machine",
        "that other processes used during these runs (each run starts once the machine is quiet).", "",
        f"Single file: `{results.single_file}` (the file of median size).", "",
        "## Targets", "",
        "Each ratio is the median of the run-by-run ratios of interleaved runs (each run beside the one",
        "it is compared with), then each run's ratio: the machine's speed drifts by 20 % and more over a",
        "benchmark, and a ratio of medians taken minutes apart carries that drift.", "",
        *table(("target", "measured", "target", "result"),
               [(what, got, want, "PASS" if ok else "FAIL") for what, got, want, ok in targets(results)]), "",
        "## Peak memory of (c), sampled every 20 ms", "",
        *table(("files", "Σ RSS (MiB)", "Σ PSS (MiB)", "main process RSS (MiB)", "largest process RSS (MiB)",
                "processes", "wall (s)"),
               memory_rows(results)), "",
        "Σ RSS counts the pages a worker shares with its parent once per process; Σ PSS shares them out.", "",
        "## Checks", "", *checks(results), "",
        "## Reproduce", "", "```sh", command(results.args), "```", ""])


def checks(results):
    """What makes the numbers trustworthy: the work was done, the code was compiled, the machine was quiet."""
    found = results.findings
    return [
        f"- The timed verify run reported {found['reported']} of {results.args.n} files "
        f"({found['unreadable']} unreadable) and found {found['found']} of the {found['planted']} "
        "planted mistakes that have a rule.",
        f"- `{sys.executable} -m compileall -q {results.package}` (and the checkout's perfeval_xl) ran first: "
        "this machine sets PYTHONDONTWRITEBYTECODE=1, and openpyxl in site-packages is compiled, so "
        "perfeval_xl is too.",
        "- Every process is started with the same interpreter, by its absolute path (no pyenv shim); "
        f"verify as `{' '.join(results.perfeval)}`.",
    ]


def print_table(results):
    """The run, the targets and the memory, as RESULTS.md has them (machine and command left out)."""
    text = render(results)
    print(text[text.index("## Run:"):text.index("## Reproduce")].rstrip())


def write_results(results, path):
    """Write RESULTS.md through a temporary file and a rename: never half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(render(results), encoding="utf-8")
    os.replace(temporary, path)
