"""The library API the CLI is a thin layer over: read a file, check it, keep the result."""

from dataclasses import dataclass, field

from perfeval_xl.findings import count_by_severity, sort_findings


@dataclass
class FileResult:
    """What verify found for one file: checked with findings, or unreadable with a reason."""

    path: str
    status: str                      # "checked" or "unreadable"
    error: str | None = None         # the one-line Chinese reason when unreadable
    unit: str | None = None
    year: int | None = None
    findings: list = field(default_factory=list)
    workbook: object = None          # the model, for callers that want more

    @property
    def summary(self):
        return count_by_severity(self.findings)


def verify_file(path, profile=None):
    """Read and check one workbook; an unreadable file gives a result, never an exception."""
    from perfeval_xl.reader import UnreadableWorkbook, read_workbook
    from perfeval_xl.rules import check

    try:
        workbook = read_workbook(path)
    except UnreadableWorkbook as error:
        return FileResult(path=str(path), status="unreadable", error=str(error))
    except Exception as error:  # noqa: BLE001 - a reader bug must not become a traceback
        reason = f"读取时出现意外错误（{type(error).__name__}: {error}），请把文件发给 perfeval-xl 的维护者"
        return FileResult(path=str(path), status="unreadable", error=reason)
    findings = sort_findings(check(workbook, profile), workbook.sheet_names)
    return FileResult(path=str(path), status="checked", unit=workbook.unit, year=workbook.year,
                      findings=findings, workbook=workbook)
