"""Post dates in the forms ABlog users write, beside ISO 8601.

ABlog parses dates with dateutil, which guesses: ``03/04/2024`` becomes
March 4 in one place and 3 April in another reader's head. Here a date is
either ISO (``2024-01-08``, ``2024-01-08 14:30``, with an optional offset)
or carries its month as a word (``June 6, 2025``, ``Jan 8th, 2024``,
``8 January 2024 14:30``); dateutil reads the latter, and a date that leaves
out its day or its four-digit year, or is all numbers in another order, is
refused with the ISO form to write instead.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

_MONTH_WORD = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?"
    r"|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b\.?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Two different defaults: a part the text leaves out comes back different from each.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def parse_month_name_date(value: str, tz: ZoneInfo) -> datetime | None:
    """A date written with its month as a word, day and four-digit year; None otherwise."""
    text = value.strip()
    if not _MONTH_WORD.search(text) or len(_YEAR.findall(text)) != 1:
        return None
    try:
        with warnings.catch_warnings():
            # An unknown zone name ("EST") is a warning to dateutil: a refusal here.
            warnings.simplefilter("error")
            first, second = (dateutil_parser.parse(text, default=default) for default in _DEFAULTS)
    except (ValueError, OverflowError, Warning):
        return None
    if first.date() != second.date():
        return None  # no day in the text ("June 2025")
    offset = first.utcoffset()
    if offset is None:
        return first.replace(tzinfo=tz)
    return first.replace(tzinfo=timezone(timedelta(seconds=offset.total_seconds())))


def _is_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def date_advice(value: str) -> str:
    """What to write instead of a date that is not one of the accepted forms."""
    numbers = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
    if numbers:
        first, second, year = (int(number) for number in numbers.groups())
        # Only readings that are days of the calendar: 31/02 is neither 31 February nor
        # the 2nd of a 31st month, and 13/02 can only be 13 February.
        days = sorted(
            {
                f"{year}-{m:02}-{d:02}"
                for m, d in ((first, second), (second, first))
                if _is_day(year, m, d)
            }
        )
        if not days:
            return f"there is no such day in {year}; write the date as YYYY-MM-DD"
        if len(days) == 1:
            return f"write it as {days[0]} (YYYY-MM-DD)"
        return (
            f"numbers alone are ambiguous: write {days[0]} or {days[1]} (YYYY-MM-DD), "
            "or the month as a word ('June 6, 2025')"
        )
    return (
        "expected YYYY-MM-DD, optionally followed by HH:MM[:SS] and a UTC offset such as "
        "+02:00, or the month as a word with day and year ('June 6, 2025', 'Jan 8th, 2024')"
    )
