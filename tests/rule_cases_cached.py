"""Rule cases of PE509 cached-value-differs (issue 4): the reader's comparison arrives as ReadProblems.

Imported at the end of rule_cases.py, which adds these to CASES: import that module, not this one.
"""

from perfeval_xl.model import ReadProblem
from rule_cases import CLEAN, fail, ok
from rule_cases_build import edit


def cached(sheet, cell, saved, recomputed):
    return edit(("problems", [ReadProblem("cached-value-differs", sheet, cell, saved, recomputed)]))


CASES = (
    fail("PE509", "score-9.27-saved-9.26-recomputed", cached("附件2", "G5", "9.27", "9.26"),
         ("PE509", "附件2!G5")),
    fail("PE509", "check-text-saved-blank-recomputed", cached("附件2", "I14", "“缺偏差原因”", "（空白）"),
         ("PE509", "附件2!I14")),
    ok("PE509", "results-agree-or-never-calculated", CLEAN),
    ok("PE509", "edited-formula-alone-is-pe507", edit(("problems", [ReadProblem(
        "formula-edited", "附件2", "F5", "=ROUND(D5/C5,2)", "=ROUND(D5/C5,4)")])), ("PE507", "附件2!F5")),
)
