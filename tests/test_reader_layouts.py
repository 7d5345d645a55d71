"""Hand-typed workbooks laid out differently read to the same numbers as the sample."""

import pytest

import handtyped
from perfeval_xl.reader import read_workbook


def facts(workbook):
    """What a table says, without where it says it: comparable across layouts."""
    department, (project,), basic = workbook.department, workbook.projects, workbook.basic_data

    def numbers(table):
        funds = table.funds
        return {
            "funds": [v.number for v in (funds.initial_budget, funds.budget, funds.spent,
                                         funds.weight, funds.rate, funds.score)],
            "splits": [(s.group, s.label, {k: v.number for k, v in s.amounts.items()}) for s in funds.splits],
            "headings": [(h.name, h.declared_weight.number,
                          [(i.level2, i.name.text.strip(), i.target.text, i.actual.text,
                            i.weight.number, i.score.number) for i in h.indicators])
                         for h in table.headings],
            "total": (table.total_weight.number, table.total_score.number),
            "footer": [getattr(table.footer, f).text for f in ("filled_by", "phone", "head_signature")],
        }

    return {
        "unit": workbook.unit, "year": workbook.year,
        "cover": (workbook.cover.report_date.when, workbook.cover.leader.text,
                  workbook.cover.leader_signed_on.when, [m.name.text for m in workbook.cover.panel]),
        "department": numbers(department),
        "project": numbers(project),
        "basic": ((basic.establishment.number, basic.staff.number, basic.staff_control_rate.number),
                  {k: [v.number for v in r.columns().values()] for k, r in basic.rows.items()},
                  [(p.label.text, p.budget.number, p.actual.number) for p in basic.projects]),
        "none_declared": sorted(workbook.fund_tables),
        "problems": workbook.problems,
    }


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    path = tmp_path_factory.mktemp("original") / "original.xlsx"
    handtyped.write_original(path)
    return facts(read_workbook(path))


@pytest.mark.parametrize("write", [handtyped.write_stacked, handtyped.write_as_text],
                         ids=["stacked-in-one-sheet", "numbers-typed-as-text"])
def test_other_layouts_read_the_same(tmp_path, original, write):
    path = tmp_path / "variant.xlsx"
    write(path)
    assert facts(read_workbook(path)) == original


def test_original_facts_are_the_seeds(original):
    assert [str(v) for v in original["department"]["funds"]] == ["1924.24", "2263.34", "2096.96", "10", "92.65", "9.26"]
    assert str(original["department"]["total"][1]) == "99.27"
    assert [h[1] for h in original["project"]["headings"]] == [50, 30, 10]
