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

Only the posts that can score 2 or more are scored: those that share the
series, the event or two tags with the post (an index of tag pairs finds
the last). Every other candidate shares exactly one tag, scores 1, and is
taken newest first from the post's tag lists, which are already in that
order; so a post is never compared with the hundreds of posts that share
just one popular tag with it (5,000 posts: 0.1 s instead of 4 s).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from heapq import merge
from itertools import combinations

from blogkit.model.records import PostRecord

#: What one shared name is worth, by the kind of name (PostMeta's attribute). A tag must
#: weigh 1 and the others more: related_posts scores only posts above 1.
WEIGHTS = {"series_names": 3, "events": 2, "tags": 1}
#: How many related posts a post shows at most.
LIMIT = 3


def _names(record: PostRecord) -> frozenset[tuple[str, str]]:
    return frozenset(
        (kind, name.casefold()) for kind in WEIGHTS for name in getattr(record.meta, kind)
    )


def _tag_pairs(names: frozenset[tuple[str, str]]) -> list[tuple]:
    return list(combinations(sorted(name for name in names if name[0] == "tags"), 2))


def score(mine: frozenset[tuple[str, str]], theirs: frozenset[tuple[str, str]]) -> int:
    """What two posts' names have in common, weighted."""
    return sum(WEIGHTS[kind] for kind, _ in mine & theirs)


class Related:
    """The related posts of a build's posts, each chosen when first asked for.

    ``records`` are the posts of the build, newest first (``PostRecord.sort_key``,
    as ``published`` gives them): a post's position is its tie-breaker. Drafts
    among them (shown by the live preview) get related posts but are never one.
    Building the index is linear. A writer asks only for the posts it writes;
    the checks of what changed between builds (blogkit.incremental.rewrite,
    BlogIndex.shown_of_others) ask for all of them.
    """

    def __init__(self, records: Sequence[PostRecord], now: datetime, limit: int = LIMIT) -> None:
        self.records, self.limit = records, limit
        self.names = [_names(record) for record in records]
        self.positions = {record.docname: position for position, record in enumerate(records)}
        #: Name -> positions of the posts that carry it; tag pair -> the same. Ascending.
        self.carriers: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.pairs: dict[tuple, list[int]] = defaultdict(list)
        for position, record in enumerate(records):
            if not record.meta.is_draft(now):
                for name in self.names[position]:
                    self.carriers[name].append(position)
                for pair in _tag_pairs(self.names[position]):
                    self.pairs[pair].append(position)
        self._found: dict[str, tuple[PostRecord, ...]] = {}

    def __call__(self, docname: str) -> tuple[PostRecord, ...]:
        """The post's related posts, best first (none for a name not among the records)."""
        if docname not in self._found:
            position = self.positions.get(docname)
            chosen = [] if position is None else self._choose(position)
            self._found[docname] = tuple(self.records[other] for other in chosen)
        return self._found[docname]

    def all(self) -> dict[str, tuple[PostRecord, ...]]:
        """Every post's related posts; posts with none are left out."""
        found = {record.docname: self(record.docname) for record in self.records}
        return {docname: others for docname, others in found.items() if others}

    def _choose(self, position: int) -> list[int]:
        mine, limit = self.names[position], self.limit
        # Every post that scores 2 or more shares a series or an event (weights above 1),
        # or two tags (weight 1 each) with this one.
        strong: set[int] = set()
        for name in mine:
            if WEIGHTS[name[0]] > 1:
                strong.update(self.carriers[name])
        shared_pairs: Counter[int] = Counter()
        for pair in _tag_pairs(mine):
            shared_pairs.update(self.pairs.get(pair, ()))
        # Of the posts that share only tags, the more pairs the more tags: the first `limit`
        # (by pairs, then newest; both sorts in C, the second stable) outrank the rest.
        by_pairs = sorted(sorted(shared_pairs), key=shared_pairs.__getitem__, reverse=True)
        tags_only = [other for other in by_pairs if other not in strong and other != position]
        candidates = (strong | set(tags_only[:limit])) - {position}
        names = self.names
        chosen = sorted(candidates, key=lambda other: (-score(mine, names[other]), other))[:limit]
        if len(chosen) < limit:
            # The others share one tag and nothing else: the newest of them, in order.
            seen = strong | set(shared_pairs) | {position}
            lists = [self.carriers[name] for name in mine if name[0] == "tags"]
            for other in merge(*lists):
                if other not in seen:
                    seen.add(other)
                    chosen.append(other)
                    if len(chosen) == limit:
                        break
        return chosen


def related_posts(
    records: Sequence[PostRecord], now: datetime, limit: int = LIMIT
) -> dict[str, tuple[PostRecord, ...]]:
    """Each post's related posts, best first; posts with none are left out."""
    return Related(records, now, limit).all()
