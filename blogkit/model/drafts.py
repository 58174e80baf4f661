"""Why a post is left out of a published build, and what publishes it: one wording.

The build (at its end, :func:`blogkit.model.reading.say_drafts_left_out`),
`blogkit check` and `blogkit new` say it the same way, so that a writer who
keeps ``draft: true`` while setting the date is told, in plain words, that
the post stays out and which line to remove.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from blogkit.i18n import _
from blogkit.model.frontmatter import PostMeta


def when(date: datetime) -> str:
    """A post's date as the writer wrote it: the day, and the time when there is one."""
    if (date.hour, date.minute, date.second) == (0, 0, 0):
        return date.date().isoformat()
    return date.isoformat(" ", "minutes")


def draft_reason(meta: PostMeta, now: datetime) -> str:
    """Why ``meta``'s post is a draft at ``now``, and what publishes it."""
    scheduled = meta.date is not None and meta.date > now
    if meta.draft and meta.date is None:
        return str(_("draft: true, and no date (remove 'draft: true' and set 'date:' to publish)"))
    if meta.draft and scheduled:
        return str(
            _("draft: true, and dated {date} (remove 'draft: true'; it is published on that date)")
        ).format(date=when(meta.date))
    if meta.draft:
        return str(_("draft: true (remove that line to publish)"))
    if meta.date is None:
        return str(_("no date (set 'date:' to publish)"))
    return str(
        _("dated {date}, in the future (published by the first build on or after that date)")
    ).format(date=when(meta.date))


def drafts_left_out(header: str, drafts: Sequence[tuple[str, str]]) -> str:
    """A heading and one line per draft (``path: reason``): the build's and the check's list.

    ``header`` may hold ``{count}``, the number of drafts.
    """
    lines = [header.format(count=len(drafts))]
    lines += [f"  {path}: {reason}" for path, reason in drafts]
    return "\n".join(lines)


def in_this_build() -> str:
    """The heading of the build's list (translated when asked, in the build's language)."""
    return str(_("{count} draft(s) left out of this build, each with what publishes it:"))


def in_a_published_build() -> str:
    """The heading of `blogkit check`'s list."""
    return str(_("{count} draft(s) left out of a published build:"))


def new_post_note() -> str:
    """What `blogkit new` writes into a new post's front matter, and prints."""
    return str(
        _(
            "A draft: a published build leaves it out until you remove 'draft: true'"
            " and set 'date:' (YYYY-MM-DD)."
        )
    )
