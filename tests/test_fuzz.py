"""Fuzzing: mutated workbooks give a report or a clean could-not-read, never a traceback or a hang.

The bases are both samples and a generated template.  A mutation is random bytes
in an XML part, an attribute or element text replaced by a nasty value, a part
cut short, deleted or duplicated, a cell given a wrong type (t="n" holding text,
t="s" pointing past the shared strings, …), or the whole file cut short.

A "读取时出现意外错误" (a reader exception that api.verify_file caught) and a
PE900 rule-crashed finding are bugs, not clean answers: they are collected with
the mutation that caused them and their traceback, and reported as a warning at
the end (set PERFEVAL_XL_FUZZ_STRICT=1 to fail on them instead).
PERFEVAL_XL_FUZZ_EXAMPLES sets the number of examples (default 200).
"""

import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import warnings
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval_xl.api import verify_file
from perfeval_xl.report.json_report import render_json
from perfeval_xl.report.text import render_text
from perfeval_xl.template import TemplateOptions, generate_template

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("yueyang-2024-原表.xlsx", "yueyang-2024-模板填报.xlsx")
EXAMPLES = int(os.environ.get("PERFEVAL_XL_FUZZ_EXAMPLES", "200"))
STRICT = os.environ.get("PERFEVAL_XL_FUZZ_STRICT") == "1"
SECONDS_PER_FILE = 10     # the bound asserted for every example
HANG_SECONDS = 60         # an example still running then is interrupted and fails
UNEXPECTED = "读取时出现意外错误"
NASTY = ("", "-1", "0", "999999999", "1e309", "NaN", "A0", "XFD1048577", "A1:", "Z9:A1", "文本",
         "\u3000", "#REF!", "x" * 300, "&amp;", "1048577", "-0.5")
CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>.*?</c>)', re.S)
ATTRIBUTE = re.compile(rb'="([^"]*)"')
TEXT = re.compile(rb">([^<]+)<")
WRONG_TYPES = (                                   # (t, the <v>/<is> inside)
    ("n", "<v>不是数字</v>"), ("n", "<v></v>"), ("s", "<v>999999</v>"), ("s", "<v>-1</v>"),
    ("s", "<v>abc</v>"), ("b", "<v>2</v>"), ("e", "<v>#WHAT?</v>"), ("d", "<v>not-a-date</v>"),
    ("inlineStr", ""), ("str", "<v>=1+1</v>"), ("zz", "<v>1</v>"), ("n", "<f>1/0</f><v>#DIV/0!</v>"),
)

FOUND_BUGS = []           # (mutation, error or finding message, traceback)
SLOWEST = [0.0]           # seconds, the slowest example


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _bases():
    """{name: [(part name, bytes)]} of the three valid workbooks, read once."""
    paths = {name: ROOT / "samples" / name for name in SAMPLES}
    with tempfile.TemporaryDirectory() as scratch:
        paths["template"] = Path(scratch) / "template.xlsx"
        generate_template(paths["template"], TemplateOptions(unit="某单位", projects=("业务工作经费",)))
        bases = {}
        for name, path in paths.items():
            with zipfile.ZipFile(path) as archive:
                bases[name] = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    return bases


BASES = _bases()


def build(parts):
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")            # "Duplicate name": a duplicated part is the point
        for name, data in parts:
            archive.writestr(name, data)
    return out.getvalue()


# ---- mutations: each takes (draw, parts) and returns (parts, description) ----------------

def _pick(draw, parts, pattern=rb""):
    """Index of a part whose name ends in .xml/.rels (and whose bytes match ``pattern``)."""
    choices = [i for i, (name, data) in enumerate(parts)
               if name.endswith((".xml", ".rels")) and re.search(pattern, data)]
    return draw(st.sampled_from(choices)) if choices else None


def random_bytes(draw, parts):
    i = _pick(draw, parts)
    name, data = parts[i]
    at = draw(st.integers(0, len(data)))
    noise = draw(st.binary(min_size=1, max_size=8))
    return _replace(parts, i, data[:at] + noise + data[at + len(noise):]), f"random bytes {noise!r} at {name}@{at}"


def nasty_value(draw, parts):
    pattern = draw(st.sampled_from((ATTRIBUTE, TEXT)))
    i = _pick(draw, parts, pattern)
    if i is None:
        return parts, "no value to replace"
    name, data = parts[i]
    matches = list(pattern.finditer(data))
    match = matches[draw(st.integers(0, len(matches) - 1))]
    value = draw(st.sampled_from(NASTY)).encode()
    changed = data[:match.start(1)] + value + data[match.end(1):]
    return _replace(parts, i, changed), f"{name}: {match.group(0)[:60]!r} value -> {value[:20]!r}"


def truncate_part(draw, parts):
    i = _pick(draw, parts)
    name, data = parts[i]
    at = draw(st.integers(0, max(len(data) - 1, 0)))
    return _replace(parts, i, data[:at]), f"{name} cut at {at} of {len(data)}"


def delete_part(draw, parts):
    i = draw(st.integers(0, len(parts) - 1))
    return parts[:i] + parts[i + 1:], f"{parts[i][0]} deleted"


def duplicate_part(draw, parts):
    i = draw(st.integers(0, len(parts) - 1))
    name, data = parts[i]
    copy = data if draw(st.booleans()) else data[:len(data) // 2]
    at = draw(st.integers(0, len(parts)))
    return parts[:at] + [(name, copy)] + parts[at:], f"{name} duplicated ({len(copy)} bytes) at entry {at}"


def wrong_cell_type(draw, parts):
    i = _pick(draw, parts, CELL)
    if i is None:
        return parts, "no cell"
    name, data = parts[i]
    matches = list(CELL.finditer(data))
    match = matches[draw(st.integers(0, len(matches) - 1))]
    kind, inner = draw(st.sampled_from(WRONG_TYPES))
    ref = match.group(1).decode()
    cell = f'<c r="{ref}" t="{kind}">{inner}</c>'.encode()
    return _replace(parts, i, data[:match.start()] + cell + data[match.end():]), f"{name}!{ref} -> {cell!r}"


def _replace(parts, i, data):
    return parts[:i] + [(parts[i][0], data)] + parts[i + 1:]


MUTATIONS = (random_bytes, nasty_value, truncate_part, delete_part, duplicate_part, wrong_cell_type)


@st.composite
def mutated_workbooks(draw):
    """(file bytes, description) of a base workbook with 1–3 mutations, sometimes cut short."""
    base = draw(st.sampled_from(sorted(BASES)))
    parts, steps = list(BASES[base]), [base]
    for _ in range(draw(st.integers(1, 3))):
        parts, step = draw(st.sampled_from(MUTATIONS))(draw, parts)
        steps.append(step)
    data = build(parts)
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data) - 1))
        data, steps = data[:at], steps + [f"file cut at {at} of {len(data)}"]
    return data, "; ".join(steps)


# ---- the checks ------------------------------------------------------------------------

@contextmanager
def hang_guard(seconds):
    """Interrupt a run that hangs (POSIX); elsewhere only the elapsed time is asserted."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def interrupt(signum, frame):
        raise TimeoutError(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def is_chinese_line(text):
    return (isinstance(text, str) and text.strip() and "\n" not in text and "\r" not in text
            and any(unicodedata.name(ch, "").startswith("CJK") for ch in text))


def check_one(path, description):
    """verify_file on ``path``: a report or a clean could-not-read, in time; bugs are collected."""
    started = time.monotonic()
    with hang_guard(HANG_SECONDS):
        result = verify_file(path)
        render_text([result]), render_json([result])
    elapsed = time.monotonic() - started
    SLOWEST[0] = max(SLOWEST[0], elapsed)
    assert elapsed < SECONDS_PER_FILE, f"{elapsed:.1f} s for {description}"
    assert result.status in ("checked", "unreadable"), description
    if result.status == "unreadable":
        assert is_chinese_line(result.error), (description, result.error)
        if UNEXPECTED in result.error:
            FOUND_BUGS.append((description, result.error, reader_traceback(path)))
    for finding in result.findings:
        if finding.rule == "PE900":
            FOUND_BUGS.append((description, finding.message, rule_traceback(path, finding.message)))
    return result


def reader_traceback(path):
    from perfeval_xl.reader import read_workbook

    try:
        read_workbook(path)
    except Exception:  # noqa: BLE001 - the traceback is what we want
        return traceback.format_exc(limit=-6)
    return ""


def rule_traceback(path, message):
    """The traceback of the rule a PE900 finding names, run again on its own."""
    from perfeval_xl.profile import DEFAULT_PROFILE
    from perfeval_xl.reader import read_workbook
    from perfeval_xl.rules import RULES

    code = re.search(r"PE\d{3}", message)
    broken = [entry for entry in RULES if code and entry.code == code.group(0)]
    try:
        for entry in broken:
            list(entry.check(read_workbook(path), DEFAULT_PROFILE))
    except Exception:  # noqa: BLE001 - the traceback is what we want
        return traceback.format_exc(limit=-4)
    return ""


OUTCOMES = {"checked": 0, "unreadable": 0, "unexpected": 0}


@settings(max_examples=EXAMPLES, deadline=None, derandomize=False, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(case=mutated_workbooks())
def test_a_mutated_workbook_gets_a_report_or_a_clean_error(folder, case):
    data, description = case
    path = folder / "mutated.xlsx"
    path.write_bytes(data)
    result = check_one(path, description)
    OUTCOMES["unexpected" if result.error and UNEXPECTED in result.error else result.status] += 1


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("base", sorted(BASES))
def test_every_mutation_kind_on_every_base(folder, base, mutation):
    """Each kind at least once on each base, whatever the random draws above favoured."""
    @settings(max_examples=2, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def one(data):
        parts, description = mutation(data.draw, list(BASES[base]))
        path = folder / f"{base}-{mutation.__name__}.xlsx"
        path.write_bytes(build(parts))
        check_one(path, f"{base}; {description}")

    one()


CLI_CASES = {
    "sheet-deleted": ("yueyang-2024-原表.xlsx", lambda parts: [p for p in parts if p[0] != "xl/worksheets/sheet3.xml"]),
    "workbook-cut": ("template", lambda parts: [(n, d[:len(d) // 2] if n == "xl/workbook.xml" else d)
                                                for n, d in parts]),
    "shared-string-out-of-range": ("template", lambda parts: [
        (n, re.sub(rb'(<c r="[A-Z]+[0-9]+"[^>]*t="s"[^>]*><v>)\d+', rb"\g<1>99999", d, count=3)) for n, d in parts]),
    "text-in-number-cell": ("yueyang-2024-模板填报.xlsx", lambda parts: [
        (n, re.sub(rb'<v>([0-9.]+)</v>', "<v>三十</v>".encode(), d, count=5) if "worksheets" in n else d)
        for n, d in parts]),
}


@pytest.mark.parametrize(("case", "output_format"), [(case, "json") for case in sorted(CLI_CASES)]
                         + [("workbook-cut", "text"), ("text-in-number-cell", "text")])
def test_the_command_line_answers_a_mutated_workbook_cleanly(folder, case, output_format):
    base, mutate = CLI_CASES[case]
    path = folder / f"cli-{case}.xlsx"
    path.write_bytes(build(mutate(list(BASES[base]))))
    run = subprocess.run([sys.executable, "-m", "perfeval_xl", "verify", "--format", output_format, str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode in (0, 1, 2) and "Traceback" not in run.stderr + run.stdout
    if output_format == "json":
        (entry,) = json.loads(run.stdout)["files"]
        assert entry["status"] in ("checked", "unreadable")
        assert (run.returncode == 2) == (entry["status"] == "unreadable")
        if entry["status"] == "unreadable":
            assert is_chinese_line(entry["error"])
            if UNEXPECTED in entry["error"]:
                FOUND_BUGS.append((f"CLI {case}", entry["error"], ""))


def with_cell_value(base, part, ref, value):
    """``base`` with the <v> of cell ``ref`` in worksheet ``part`` replaced by ``value``."""
    pattern = re.compile(rb'(<c r="%s"[^>]*><v>)[^<]*(</v>)' % ref.encode())
    parts = [(name, pattern.sub(rb"\g<1>" + value + rb"\2", data) if name == part else data)
             for name, data in BASES[base]]
    assert parts != BASES[base]
    return build(parts)


def test_an_infinite_weight_is_unreadable_not_a_crash(folder):
    """Found by this fuzzing: <v>1e309</v> was read as an infinite 分值 and PE602 crashed (PE900)."""
    path = folder / "infinite-weight.xlsx"
    path.write_bytes(with_cell_value("yueyang-2024-原表.xlsx", "xl/worksheets/sheet3.xml", "G14", b"1e309"))
    result = verify_file(path)
    assert result.status == "checked"
    assert not [f for f in result.findings if f.rule == "PE900"]
    assert [(f.rule, f.cell) for f in result.findings if f.cell == "G14"] == [("PE501", "G14")]


def test_report_the_bugs_found():
    """Last in the file: the reader crashes and rule crashes the fuzzing met, as one warning."""
    print(f"fuzz outcomes: {OUTCOMES}; slowest file {SLOWEST[0]:.2f} s; bug signals: {len(FOUND_BUGS)}")
    if not FOUND_BUGS:
        return
    seen, lines = set(), []
    for description, message, trace in FOUND_BUGS:
        key = message.split("（")[0] + (trace.strip().splitlines()[-1] if trace.strip() else "")
        if key not in seen:
            seen.add(key)
            lines.append(f"- {description}\n  {message}\n  {trace.strip()}")
    report = f"fuzzing found {len(FOUND_BUGS)} bug signal(s), {len(lines)} distinct:\n" + "\n".join(lines)
    if STRICT:
        pytest.fail(report)
    warnings.warn(report, stacklevel=1)
