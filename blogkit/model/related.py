"""Related posts: the published posts that share the most with a post.

Two posts score by what they have in common, each shared name counted once
with its weight (``WEIGHTS``): the same series 3, the same event 2, each
shared tag 1. A series or an event is a stronger bond than a tag: a part of
the same conference report outranks a post that shares two tags with it.
Names compare as their pages do, case-insensitively (``cicd`` is ``CICD``).

Up to ``LIMIT`` posts are kept, highest score first; ties go to the newer
post, then to the document name, so the choice never depends on the order
the posts were read in. A post is never its own relation, a draft is never
anyone's, and a post that shares nothing with any other has none.

The scores come from an inverted index (name -> posts that carry it), so a
post is compared only with the posts that share a name with it; counting
is ``Counter.update`` over lists of positions, which runs in C.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from heapq import nsmallest

from blogkit.model.records import PostRecord

#: What one shared name is worth, by the kind of name (PostMeta's attribute).
WEIGHTS = {"series_names": 3, "events": 2, "tags": 1}
#: How many related posts a post shows at most.
LIMIT = 3


def _names(record: PostRecord) -> set[tuple[str, str]]:
    return {(kind, name.casefold()) for kind in WEIGHTS for name in getattr(record.meta, kind)}


def related_posts(
    records: Sequence[PostRecord], now: datetime, limit: int = LIMIT
) -> dict[str, tuple[PostRecord, ...]]:
    """Each post's related posts, best first; posts with none are left out.

    ``records`` are the posts of the build, newest first (``PostRecord.sort_key``,
    as ``published`` gives them): a post's position is its tie-breaker. Drafts
    among them (shown by the live preview) get related posts but are never one.
    """
    names = [_names(record) for record in records]
    carriers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, record in enumerate(records):
        if not record.meta.is_draft(now):
            for name in names[position]:
                carriers[name].append(position)
    found: dict[str, tuple[PostRecord, ...]] = {}
    for position, record in enumerate(records):
        scores: Counter[int] = Counter()
        for name in names[position]:
            for _ in range(WEIGHTS[name[0]]):
                scores.update(carriers[name])
        scores.pop(position, None)
        if scores:
            # Highest score first, then the newer post (lower position): sort_key's order.
            best = nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
            found[record.docname] = tuple(records[other] for other, _ in best)
    return found
