"""Views several rules share are worked out once per check, and never outlive it."""

import threading

from perfeval_xl.rules import check
from perfeval_xl.rules.views import one_check, shared_view
from rule_cases_build import A2, clean_workbook


def _counting_view():
    calls = []

    @shared_view
    def doubled(workbook):
        calls.append(workbook)
        return [number * 2 for number in workbook]

    return doubled, calls


def test_within_one_check_a_view_is_worked_out_once_per_workbook():
    doubled, calls = _counting_view()
    first, second = [1, 2], [3]
    with one_check():
        assert doubled(first) == (2, 4)
        assert doubled(first) is doubled(first)
        assert doubled(second) == (6,)
    assert calls == [first, second]


def test_outside_a_check_and_after_it_the_view_is_worked_out_again():
    doubled, calls = _counting_view()
    numbers = [1]
    with one_check():
        doubled(numbers)
    numbers.append(5)              # a model changed between two checks
    assert doubled(numbers) == (2, 10)
    with one_check():
        assert doubled(numbers) == (2, 10)
    assert len(calls) == 3


def test_each_thread_keeps_its_own_views():
    doubled, _ = _counting_view()
    seen = {}

    def run(name, numbers):
        with one_check():
            seen[name] = doubled(numbers)

    threads = [threading.Thread(target=run, args=(name, [index] * 3)) for index, name in enumerate("ab")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"a": (0, 0, 0), "b": (2, 2, 2)}


def test_a_score_changed_between_two_checks_is_seen_by_the_second():
    """PE205 (score above weight) and PE602 read shared views: a second check of the edited model
    must not be given the first check's."""
    workbook = clean_workbook()
    assert not [f for f in check(workbook) if f.rule == "PE205"]
    indicator = workbook.department.indicators[0]
    indicator.score = A2.num(str(indicator.weight.number + 1), indicator.score.cell)
    found = [f for f in check(workbook) if f.rule == "PE205"]
    assert [(f.sheet, f.cell) for f in found] == [(A2.name, indicator.score.cell)]


def test_two_workbooks_with_one_id_get_their_own_views(monkeypatch):
    """An id is only unique while its object lives: a workbook freed during a check could lend its
    id to the next.  Every id made the same here, each workbook must still get its own view."""
    from perfeval_xl.rules import views

    monkeypatch.setattr(views, "id", lambda obj: 1, raising=False)
    doubled, _ = _counting_view()
    with one_check():
        assert doubled([1]) == (2,)
        assert doubled([7]) == (14,)
