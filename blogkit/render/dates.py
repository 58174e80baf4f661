"""Dates as pages show them, independent of the build machine's locale."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def display_date(moment: datetime, timezone: ZoneInfo) -> str:
    # Month names are spelled here, not by strftime, so the build machine's
    # locale cannot change the output.
    local = moment.astimezone(timezone)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def iso_date(moment: datetime, timezone: ZoneInfo) -> str:
    return moment.astimezone(timezone).isoformat()
