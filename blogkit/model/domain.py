"""The blog's records in the environment: a Sphinx domain, so Sphinx keeps them right.

Per-document records (a post's record, its problems, whether a page lists
posts) are purged by Sphinx when a document is read again or removed, merged
from parallel readers, saved with the environment and thrown away when
``data_version`` changes. The few per-blog values that incremental builds
compare between builds (digests, neighbours) are kept beside them.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from blogkit.model.frontmatter import PostMeta, Problem
    from blogkit.model.records import PostRecord

#: A post's front matter as last read: ((mtime, size, rules), meta, problems).
FrontMatterEntry = tuple[tuple, "PostMeta", tuple["Problem", ...]]


class BlogDomain(Domain):
    """Records of the blog's posts and listing pages, one entry per document."""

    name = "blogkit"
    label = "Blog"
    #: Bump when a record's layout changes: Sphinx then reads every document again.
    data_version = 4
    initial_data: dict[str, Any] = {  # noqa: RUF012 (Sphinx's own attribute)
        "posts": {},
        "problems": {},
        "front_matter": {},
        "listing_docs": set(),
        "digest": "",
        "listing_digest": "",
        "neighbours": {},
        # Problems across posts, found when posts were last read or removed (None: never).
        "collisions": None,
        # Pages using sphinx-design: docname -> (any of it, tabs), noted as they are read.
        "design": {},
    }

    @property
    def posts(self) -> dict[str, PostRecord]:
        """Every post read, drafts included, by document name."""
        return self.data["posts"]

    @property
    def problems(self) -> dict[str, tuple[Problem, ...]]:
        """Each broken post's problems, reported again until the post is read again."""
        return self.data["problems"]

    @property
    def front_matter(self) -> dict[str, FrontMatterEntry]:
        """Each post's front matter, read again only when its file changes (spans builds)."""
        return self.data["front_matter"]

    @property
    def listing_docs(self) -> set[str]:
        """Documents that list posts ({latest-posts}): rewritten when a listed post changes."""
        return self.data["listing_docs"]

    def clear_doc(self, docname: str) -> None:
        self.posts.pop(docname, None)
        self.problems.pop(docname, None)
        self.listing_docs.discard(docname)
        self.data["design"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["posts"]:
                record = self.posts[docname] = otherdata["posts"][docname]
                # The reader's copy of what the draft scan already holds: keep one of the two.
                known = self.front_matter.get(docname)
                if known is not None and known[1] == record.meta:
                    record.meta = known[1]
            if docname in otherdata["problems"]:
                self.problems[docname] = otherdata["problems"][docname]
        self.listing_docs.update(otherdata["listing_docs"] & docnames)
        self.data["design"].update(
            {name: used for name, used in otherdata["design"].items() if name in docnames}
        )

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []


def blog_data(env: BuildEnvironment) -> BlogDomain:
    return env.get_domain(BlogDomain.name)  # type: ignore[return-value]
