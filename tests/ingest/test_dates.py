"""Parsing the date formats news sources use into ISO dates, and refusing impossible ones."""

from __future__ import annotations

import pytest

from detente.errors import DateError, InputError
from detente.ingest.dates import parse_date


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2022-02-11", "2022-02-11"),
        ("2022-2-1", "2022-02-01"),
        ("2022-02-11T09:30:00", "2022-02-11"),
        ("2022-02-11T09:30:00Z", "2022-02-11"),
        ("2022-02-11T09:30:00+03:00", "2022-02-11"),
        ("2022-02-11 09:30", "2022-02-11"),
        ("  2022-02-11  ", "2022-02-11"),
        ("2022/02/11", "2022-02-11"),
        ("2022.02.11", "2022-02-11"),
        ("20220211", "2022-02-11"),
        ("20220211093000", "2022-02-11"),
        ("11 February 2022", "2022-02-11"),
        ("11th February 2022", "2022-02-11"),
        ("11 Feb. 2022", "2022-02-11"),
        ("Friday, 11 February 2022", "2022-02-11"),
        ("February 11, 2022", "2022-02-11"),
        ("Feb 11 2022", "2022-02-11"),
        ("february 1st, 2022", "2022-02-01"),
        ("Sept 3, 2021", "2021-09-03"),
        ("Friday, February 11, 2022", "2022-02-11"),
        ("Fri, 11 Feb 2022 09:30:00 GMT", "2022-02-11"),
        ("Fri, 11 Feb 2022 09:30:00 +0000", "2022-02-11"),
        ("2022-02", "2022-02-01"),
        ("2024-02-29", "2024-02-29"),
        ("1800-01-01", "1800-01-01"),
        ("2200-12-31", "2200-12-31"),
    ],
)
def test_accepted_formats_give_iso_date(raw, iso):
    assert parse_date(raw) == iso


@pytest.mark.parametrize(
    "raw",
    [
        "2022-02-30",  # impossible day
        "2023-02-29",  # not a leap year
        "2022-13-01",  # impossible month
        "2022-00-10",
        "20220230",
        "30 February 2022",
        "February 30, 2022",
        "2022-13",
        "11 Febtember 2022",  # unknown month
    ],
)
def test_impossible_dates_are_errors(raw):
    with pytest.raises(DateError) as info:
        parse_date(raw)
    assert info.value.code == "E102"


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "yesterday", "n/a", "2022", "tomorrow 9am", "11/02/2022"],  # last: ambiguous d/m
)
def test_garbage_and_ambiguous_dates_are_errors_not_guesses(raw):
    with pytest.raises(DateError) as info:
        parse_date(raw)
    assert info.value.code == "E102"


@pytest.mark.parametrize(
    "raw",
    ["1799-12-31", "2201-01-01", "0001-01-01", "9999-12-31", "17000101", "1 January 1066"],
)
def test_implausible_years_are_errors(raw):
    with pytest.raises(DateError, match="implausible year"):
        parse_date(raw)


def test_date_error_is_a_value_error_and_input_error_with_hint():
    with pytest.raises(ValueError) as info:
        parse_date("2022-02-30")
    error = info.value
    assert isinstance(error, DateError)
    assert isinstance(error, InputError)
    assert error.code == "E102"
    assert "2022-02-30" in str(error)
    assert "YYYY-MM-DD" in str(error)
    assert str(error).startswith("[E102] ")


def test_errors_name_the_value_given():
    with pytest.raises(DateError) as info:
        parse_date("sometime in spring")
    assert "sometime in spring" in info.value.message
