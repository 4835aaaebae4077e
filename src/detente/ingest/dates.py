"""Parse the many ways news sources write dates into ISO dates (``YYYY-MM-DD``)."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from detente.errors import DateError

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{2,6})?$")
_DAY_MONTH = re.compile(r"^(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})\b")
_MONTH_DAY = re.compile(r"^(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_EARLIEST, _LATEST = 1800, 2200


def parse_date(value: str) -> str:
    """Return ``value`` as an ISO date string, or raise :class:`DateError`.

    Accepts ISO dates and datetimes (``2022-02-11``, ``2022-02-11T09:30:00Z``), ``2022/02/11``,
    ``20220211``, ``11 February 2022``, ``February 11, 2022``, RFC 2822 (``Fri, 11 Feb 2022
    09:30:00 GMT``) and a bare month (``2022-02`` → first day). Impossible dates (30 February)
    and years outside 1800–2200 are errors, not guesses.
    """
    text = value.strip()
    if not text:
        raise DateError("empty date")
    for pattern, order in ((_ISO, "ymd"), (_COMPACT, "ymd"), (_DAY_MONTH, "dmy"), (_MONTH_DAY, "mdy")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, match.groups(), strict=True))
            return _make(parts["y"], parts["m"], parts["d"], value)
    match = _YEAR_MONTH.match(text)
    if match:
        return _make(match.group(1), match.group(2), "1", value)
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if isinstance(parsed, datetime):
        return _check(parsed.date(), value)
    raise DateError(f"cannot read date '{value}'", hint="use YYYY-MM-DD")


def _make(year: str, month: str, day: str, raw: str) -> str:
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    if month_number is None:
        raise DateError(f"unknown month in date '{raw}'", hint="use YYYY-MM-DD")
    try:
        return _check(date(int(year), month_number, int(day)), raw)
    except ValueError as exc:
        raise DateError(f"impossible date '{raw}' ({exc})", hint="use YYYY-MM-DD") from exc


def _check(found: date, raw: str) -> str:
    if not _EARLIEST <= found.year <= _LATEST:
        raise DateError(f"implausible year in date '{raw}'", hint="use YYYY-MM-DD")
    return found.isoformat()
