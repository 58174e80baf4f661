"""Dates as pages show them, in the site's language, independent of the build machine's locale."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from blogkit.i18n import day


def display_date(moment: datetime, timezone: ZoneInfo) -> str:
    # Month names come from Babel in the site's language (blogkit.i18n.day), not
    # from strftime, so the build machine's locale cannot change the output.
    return day(moment.astimezone(timezone).date())


def iso_date(moment: datetime, timezone: ZoneInfo) -> str:
    return moment.astimezone(timezone).isoformat()
