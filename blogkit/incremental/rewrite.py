"""What a change of the blog's posts rewrites: sidebars, neighbours, listing pages."""

from __future__ import annotations

import hashlib

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from blogkit.model.domain import blog_data
from blogkit.model.index import blog_index, shown_of_others
from blogkit.model.records import PostRecord, published
from blogkit.state import build_state


def _digest(records: list[PostRecord]) -> str:
    """What every page shows of every post (sidebars, prev/next): titles, dates, names."""
    hasher = hashlib.sha256()
    for r in records:
        fields = (
            r.docname,
            r.title,
            r.date,
            r.meta.draft,
            r.meta.tags,
            r.meta.categories,
            r.meta.authors,
            r.meta.locations,
            r.meta.languages,
            r.meta.series,
            r.meta.series_part,
            r.meta.event,
        )
        hasher.update(repr(fields).encode())
    return hasher.hexdigest()


def listings_unchanged(app: Sphinx) -> bool:
    """Nothing a listing page or feed shows of any post changed since the last build.

    Titles, dates, names and drafts (the blog digest) and excerpts and reading
    times (the listing digest) of every published post, as pages_to_rewrite
    compared them; what else a generated page depends on (configuration,
    templates, code) the page stamps check.
    """
    return build_state(app).listings_unchanged


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: when a title, date or name changes, every sidebar is stale."""
    records = published(env, app.config)
    data = blog_data(env).data
    state = build_state(app)
    digest = _digest(records)
    listed = hashlib.sha256(repr([r.listing_key for r in records]).encode()).hexdigest()
    changed_listing, data["listing_digest"] = listed != data["listing_digest"], listed
    state.listings_unchanged = not changed_listing and digest == data["digest"]
    listing_docs = blog_data(env).listing_docs
    if digest != data["digest"]:
        # Every sidebar is stale: blogkit.incremental.refresh puts the new one into unchanged pages
        # (after a first build there are none), and Sphinx rewrites only the posts
        # whose previous or next post, or whose series' parts, changed.
        state.refresh_sidebars = bool(data["digest"])
        data["digest"] = digest
        index = blog_index(app)  # for the digest just saved: these records
        shown = shown_of_others(index.posts, index.related.all())
        moved = {name for name, pair in shown.items() if data["neighbours"].get(name) != pair}
        data["neighbours"] = shown
        return sorted((moved | listing_docs) & env.found_docs)
    # Pages that list posts show excerpts and reading times, which the digest leaves out.
    return sorted(listing_docs & env.found_docs) if changed_listing else []
