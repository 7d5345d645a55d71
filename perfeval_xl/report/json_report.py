"""The JSON report: one object for the run, one entry per file (format documented in README)."""

import json

from perfeval_xl import __version__


def render_json(results):
    document = {
        "tool": "perfeval-xl",
        "version": __version__,
        "files": [_file_entry(result) for result in results],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_json_line(result):
    """One file as one line of JSON (--format jsonl): the same entry as in "files" of render_json."""
    return json.dumps(_file_entry(result), ensure_ascii=False, separators=(",", ":")) + "\n"


def _file_entry(result):
    return {
        "path": result.path,
        "status": result.status,
        "error": result.error,
        "unit": result.unit,
        "year": result.year,
        "summary": result.summary,
        "findings": [finding.as_dict() for finding in result.findings],
    }
