"""Annotated copies for `verify --annotate` / `--out-dir`: where each goes, checked before any is written."""

from pathlib import Path

from perfeval_xl.commands.common import fail

ANNOTATED_SUFFIX = ".核查.xlsx"


class CopyFailed(Exception):
    """One annotated copy could not be written; the message is one Chinese line."""


def annotated_path(source, target):
    """<name>.核查.xlsx beside the input, inside a target folder, or the target file itself."""
    # a.核查.xlsx annotated again becomes a.核查.核查.xlsx: the input is never the output.
    name = source.stem + ANNOTATED_SUFFIX
    if target is None:
        return source.with_name(name)
    return target / name if target.is_dir() else target


def out_dir_path(source, root, out_dir):
    """The copy of ``source`` in ``out_dir``: a file found under a scanned folder ``root`` keeps
    its sub-folders, so two units' 自评表.xlsx in different folders do not collide."""
    relative = source.parent.relative_to(root) if root is not None else Path()
    return out_dir / relative / (source.stem + ANNOTATED_SUFFIX)


def plan_copies(inputs, annotate_to, out_dir):
    """[(input path, output path)] for every input; fails (exit 2) on a misuse of --annotate PATH.

    ``inputs`` are (path, root) pairs: root is the scanned folder the file was found in, or None.
    """
    if out_dir is not None:
        if annotate_to:
            fail("--annotate PATH 与 --out-dir 只能给出一个：批注副本写在 --out-dir 中")
        out_dir = Path(out_dir)
        return [(path, out_dir_path(path, root, out_dir)) for path, root in inputs]
    target = Path(annotate_to) if annotate_to else None
    if target is not None and len(inputs) > 1 and not target.is_dir():
        fail(f"核查多个文件时 --annotate 须指定一个已存在的文件夹：{annotate_to}")
    return [(path, annotated_path(path, target)) for path, _ in inputs]


def refuse_unsafe_outputs(outputs, inputs, force, make_folders=False):
    """Check every output before writing any: a run stops before it has written half its copies.

    An input of this run is never overwritten, not even with --force (verify a.xlsx
    a.核查.xlsx --annotate would otherwise replace the second input with the first's
    copy); two inputs never share one output; an existing file is replaced only with
    --force, an earlier *.核查.xlsx included.  With ``make_folders`` (--out-dir) the
    output folders are made here; otherwise a missing folder is refused.
    """
    from perfeval_xl.atomic import OutputError, check_output_path

    seen = set()
    for output in outputs:
        if make_folders:
            try:
                output.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                fail(f"无法创建输出目录 {output.parent}：{error.strerror or type(error).__name__}")
        try:
            check_output_path(output, inputs)
        except OutputError as error:
            fail(str(error))
        key = output.resolve()
        if key in seen:
            fail(f"两个输入文件的批注副本同名：{output}（请用 --out-dir 指定文件夹，或分别核查）")
        seen.add(key)
        if output.exists() and not force:
            fail(_exists_message(output))


def _exists_message(output):
    message = f"批注副本的目标文件已存在：{output}（如需覆盖请加 --force"
    if output.name.endswith(ANNOTATED_SUFFIX):
        return message + "）"
    # "--annotate a.xlsx b.xlsx" reads a.xlsx as the annotation's PATH
    return message + f"；若 {output.name} 是要核查的文件，请把 --annotate 放在所有文件名之后）"


def write_copy(result, output, profile=None):
    """Write the annotated copy of a checked file; the notes to show (features the copy dropped).

    Raises CopyFailed with one Chinese line; the original file is never touched.
    """
    from perfeval_xl.atomic import OutputError
    from perfeval_xl.report.annotate import AnnotationError, annotate

    try:
        outcome = annotate(result.path, result.findings, output, unit=result.unit, year=result.year,
                           review=_review_prescore(result, profile))
    except (OutputError, AnnotationError) as error:
        raise CopyFailed(str(error)) from error
    except Exception as error:  # noqa: BLE001 - a writer bug must not become a traceback
        raise CopyFailed(f"写批注副本 {output} 时出现意外错误（{type(error).__name__}: {error}），原文件未改动") \
            from error
    return [f"注意：{dropped}" for dropped in getattr(outcome, "dropped", ())]


def _review_prescore(result, profile):
    """(考核评分表 sheet, computed items) for the annotated copy, or None without that sheet."""
    from perfeval_xl.review_score import score_review

    review = result.workbook.review if result.workbook is not None else None
    if review is None:
        return None
    return review.sheet, score_review(result.workbook, profile)
