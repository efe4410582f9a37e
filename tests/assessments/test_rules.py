"""The comparator logic on every unit, comparator and threshold form of the checklist data."""

from __future__ import annotations

import csv

import pytest

from assessments.rules import FAIL, PASS, MeasurementError, evaluate, parking_bays_required
from reference.services import default_data_dir


def check(measured, threshold, unit, comparator):
    return evaluate(measured=measured, threshold=threshold, unit=unit, comparator=comparator)


@pytest.mark.parametrize(
    ("measured", "threshold", "expected"),
    [
        ("1:9", "1:12", FAIL),  # the example: 1:9 is steeper than 1:12
        ("1:12", "1:12", PASS),  # exactly on the limit (exact fractions, no float error)
        ("1:15", "1:12", PASS),
        ("15:180", "1:12", PASS),  # rise 15 cm over a run of 180 cm is exactly 1:12
        ("16:180", "1:12", FAIL),
        ("10:100", "1:10", PASS),  # interior ramp RAMP-01
        ("1:19", "1:20", FAIL),  # ADA-ROUTE-02
        ("0:300", "1:20", PASS),  # level
        ("1,5:30", "1:20", PASS),  # decimal comma
    ],
)
def test_ratio_slopes_at_most(measured, threshold, expected):
    assert check(measured, threshold, "ratio", "<=") == expected


@pytest.mark.parametrize("measured", ["1/12", "12", "1:0", "a:b", "1:2:3", "-1:12"])
def test_unreadable_slopes_are_refused(measured):
    with pytest.raises(MeasurementError):
        check(measured, "1:12", "ratio", "<=")


@pytest.mark.parametrize(
    ("unit", "comparator", "threshold", "passing", "failing"),
    [
        ("cm", ">=", "95", ["95", "120", "95,0"], ["94.9", "80"]),  # RAMP-03
        ("cm", "<=", "900", ["900", "450"], ["900.5"]),  # RAMP-07
        ("cm", "<=", "1.3", ["1.3", "0"], ["1.31", "2"]),  # ADA-DOOR-02
        ("m", "<=", "60", ["60", "12.5"], ["61"]),  # PARK-02
        ("kg", "<=", "5", ["5", "4,5"], ["5.1"]),  # DOOR-03
        ("N", "<=", "22.2", ["22.2", "10"], ["22.3"]),  # ADA-DOOR-04
        ("degree", "<", "60", ["59.9", "30"], ["60", "75"]),  # STAIR-01: strictly below
        ("count", ">=", "1", ["1", "3"], ["0"]),  # TOIL-04
    ],
)
def test_numbers_in_every_unit_and_comparator(unit, comparator, threshold, passing, failing):
    for value in passing:
        assert check(value, threshold, unit, comparator) == PASS, value
    for value in failing:
        assert check(value, threshold, unit, comparator) == FAIL, value


def test_other_number_comparators():
    assert check("30", "30", "cm", "=") == PASS
    assert check("31", "30", "cm", "=") == FAIL
    assert check("31", "30", "cm", ">") == PASS
    assert check("30", "30", "cm", ">") == FAIL


@pytest.mark.parametrize(
    ("measured", "expected"), [("65", PASS), ("80", PASS), ("72,5", PASS), ("64.9", FAIL), ("81", FAIL)]
)
def test_between_is_inclusive(measured, expected):
    assert check(measured, "65-80", "cm", "between") == expected  # RAMP-08


def test_between_with_decimal_bounds():
    assert check("86.5", "86.5-96.5", "cm", "between") == PASS  # ADA-RAIL-01
    assert check("96.6", "86.5-96.5", "cm", "between") == FAIL


@pytest.mark.parametrize(
    ("measured", "expected"),
    [
        ("160x230", PASS),
        ("230x160", PASS),  # orientation does not matter
        ("152.5 x 227.5", PASS),
        ("150x230", FAIL),
        ("160x220", FAIL),
        ("160\u00d7230", PASS),  # the multiplication sign
    ],
)
def test_two_dimensions_at_least(measured, expected):
    assert check(measured, "152.5x227.5", "cm", ">=") == expected  # TOIL-01


def test_a_tile_module_must_be_equal():
    assert check("30x30", "30x30", "cm", "=") == PASS  # GUIDE-01
    assert check("20x20", "30x30", "cm", "=") == FAIL


@pytest.mark.parametrize("measured", ["160", "160x", "axb", "1x2x3"])
def test_dimensions_need_both_sizes(measured):
    with pytest.raises(MeasurementError):
        check(measured, "170x170", "cm", ">=")


def test_a_car_space_and_its_aisle_are_compared_part_by_part():
    assert check("250+155", "244+152.5", "cm", ">=") == PASS  # ADA-PARK-01
    assert check("400+100", "244+152.5", "cm", ">=") == FAIL  # a wide bay does not replace the aisle
    with pytest.raises(MeasurementError):
        check("400", "244+152.5", "cm", ">=")


@pytest.mark.parametrize(
    ("total", "required"),
    [
        *[(0, 0), (1, 1), (25, 1), (26, 2), (50, 2), (75, 3), (100, 4), (101, 5), (150, 5), (200, 6)],
        *[(300, 7), (400, 8), (500, 9), (501, 11), (1000, 20), (1001, 21), (1100, 21), (1101, 22)],
    ],
)
def test_the_parking_table(total, required):
    assert parking_bays_required(total) == required


def test_parking_bays_against_the_table():
    assert check("2/60", "table", "count", ">=") == FAIL  # PARK-03: 51-75 spaces need 3 bays
    assert check("3/60", "table", "count", ">=") == PASS
    assert check("1/30", "table", "count", ">=") == FAIL
    assert check("0/0", "table", "count", ">=") == PASS
    for bad in ["3", "5/4", "x/10"]:
        with pytest.raises(MeasurementError):
            check(bad, "table", "count", ">=")


@pytest.mark.parametrize(("measured", "expected"), [("yes", PASS), ("Ya", PASS), ("no", FAIL), ("tidak", FAIL)])
def test_yes_no(measured, expected):
    assert check(measured, "yes", "boolean", "=") == expected


def test_yes_no_refuses_a_number():
    with pytest.raises(MeasurementError):
        check("90", "yes", "boolean", "=")


def test_nothing_measured_is_an_error():
    with pytest.raises(MeasurementError):
        check("  ", "95", "cm", ">=")


def _example(threshold: str, unit: str, comparator: str) -> tuple[str, str]:
    """A passing and a failing measurement for any item of the data."""
    if unit == "boolean":
        return "yes", "no"
    if threshold == "table":
        return "4/100", "1/100"
    if unit == "ratio":
        rise, run = threshold.split(":")
        return f"{rise}:{int(run) + 4}", f"{rise}:{int(run) - 3}"
    if comparator == "between":
        low, high = (float(v) for v in threshold.split("-"))
        return str((low + high) / 2), str(high + 1)
    for sep in ("x", "+"):
        if sep in threshold:
            parts = [float(v) for v in threshold.split(sep)]
            if comparator == "=":
                return threshold, sep.join(str(v + 1) for v in parts)
            return sep.join(str(v + 10) for v in parts), sep.join(str(v - 10) for v in parts)
    value = float(threshold)
    return {
        ">=": (str(value + 5), str(value - 0.5)),
        "<=": (str(value - 0.5), str(value + 5)),
        "<": (str(value - 1), str(value)),
    }[comparator]


def test_every_item_of_the_shipped_checklist_can_pass_and_fail():
    with open(default_data_dir() / "accessibility_checklist.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 62
    kinds = set()
    for row in rows:
        good, bad = _example(row["threshold"], row["unit"], row["comparator"])
        assert check(good, row["threshold"], row["unit"], row["comparator"]) == PASS, row["id"]
        assert check(bad, row["threshold"], row["unit"], row["comparator"]) == FAIL, row["id"]
        kinds.add((row["unit"], row["comparator"]))
    assert len(kinds) == 11  # every unit/comparator pair of the data was exercised
