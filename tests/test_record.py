"""@record gives what @dataclass gives: the same __init__, equality, repr and (no) hash."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from perfeval_xl.model import EMPTY, Heading, Indicator, Value
from perfeval_xl.record import record


def _pair():
    """The same class twice, once as a record and once as a plain dataclass."""
    body = {
        "__annotations__": {"name": str, "amount": Decimal, "note": str, "rows": list},
        "amount": Decimal("0"),
        "note": field(default="", compare=False),
        "rows": field(default_factory=list, repr=False),
    }
    return record(type("Item", (), dict(body))), dataclass(type("Item", (), dict(body)))


def test_equality_and_repr_match_a_dataclass():
    mine, theirs = _pair()
    cases = [("产出指标", Decimal("50"), "说明", [1]), ("产出指标", Decimal("50.0"), "", [1]),
             ("效益指标", Decimal("50"), "说明", [2]), ("产出指标", Decimal("49.99"), "说明", [1])]
    for left in cases:
        assert repr(mine(*left)) == repr(theirs(*left))
        for right in cases:
            assert (mine(*left) == mine(*right)) == (theirs(*left) == theirs(*right)), (left, right)


def test_fields_left_out_of_comparison_and_repr_stay_out():
    mine, _ = _pair()
    assert mine("a", Decimal("1"), "one note") == mine("a", Decimal("1"), "another")   # compare=False
    assert mine("a", Decimal("1"), rows=[1]) != mine("a", Decimal("1"), rows=[2])       # compared, not shown
    assert repr(mine("a", Decimal("1"), rows=[1])) == "Item(name='a', amount=Decimal('1'), note='')"


def test_another_class_is_never_equal_and_a_record_is_unhashable():
    heading = Heading("产出指标", Value(text="50", number=Decimal("50")))
    indicator = Indicator("产出指标", "数量指标", EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, 7)
    assert heading == Heading("产出指标", Value(text="50", number=Decimal("50")))
    assert heading != Heading("产出指标", Value(text="60", number=Decimal("60")))
    assert heading != "产出指标" and indicator != heading
    assert (heading == object()) is False
    with pytest.raises(TypeError, match="unhashable"):
        hash(heading)
    assert repr(indicator).startswith("Indicator(level1='产出指标', level2='数量指标', name=Value(")


def test_a_body_of_its_own_is_kept_and_a_record_inside_itself_shows_as_dots():
    @record
    class Own:
        name: str = ""

        def __repr__(self):
            return f"Own {self.name}"

        def __eq__(self, other):
            return isinstance(other, Own)

    assert repr(Own("甲")) == "Own 甲" and Own("甲") == Own("乙")

    @record
    class Node:
        kids: list = field(default_factory=list)

    node = Node()
    node.kids.append(node)
    assert repr(node) == "test_a_body_of_its_own_is_kept_and_a_record_inside_itself_shows_as_dots.<locals>.Node(kids=[...])"
