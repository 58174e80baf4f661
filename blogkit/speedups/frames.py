"""Pages that differ in a few strings only: rendered in full twice, then filled in.

A long listing's middle pages (pages 3 to 99 of a hundred) are one page
but for a few strings: the list itself, the title, the page's own name and
its neighbours' links. Rendering the theme's whole page (head, navigation,
sidebars, footer) for each of them was most of what adding a post cost at
1,000 posts, since a new post moves every post one page on.

A page whose context carries ``blogkit_frame`` = (group, values) says that
every page of its group renders the same template to the same text except
at ``values``, the strings that vary (each as the output holds it, the
biggest first). The first page of a group is rendered in full and cut at
its values into a frame. The second is rendered in full too, and the frame
filled in with its values must give its output byte for byte: then the
group's other pages are the frame filled in with theirs. Otherwise (a value
escaped or reshaped somewhere, a string that varies and was not named) the
whole group is rendered in full as before. Every other page, and every
template render that names no group, goes through the template bridge
unchanged.

Hand-written: Jinja renders a template whole, and has no notion of a page
that differs from another only in a few strings.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from sphinx.application import Sphinx

#: The context key a page names its group and values under.
KEY = "blogkit_frame"

Parts = list[str | int]


def cut(output: str, values: Sequence[str]) -> Parts | None:
    """``output`` as text and the positions of ``values`` in it; None for an empty value.

    The values are cut out in order: a later one is not looked for inside an earlier one.
    """
    parts: Parts = [output]
    for position, value in enumerate(values):
        if not value:
            return None
        cut_parts: Parts = []
        for part in parts:
            if isinstance(part, int):
                cut_parts.append(part)
                continue
            for number, text in enumerate(part.split(value)):
                if number:
                    cut_parts.append(position)
                if text:
                    cut_parts.append(text)
        parts = cut_parts
    return parts


def fill(parts: Parts, values: Sequence[str]) -> str:
    return "".join(values[part] if isinstance(part, int) else part for part in parts)


@dataclass
class Group:
    """One group's frame: cut from its first page, trusted once its second page matched."""

    parts: Parts | None = None
    trusted: bool = False
    failed: bool = False


class Frames:
    """A template bridge's ``render``, with the pages of named groups filled into frames."""

    def __init__(self, render: Callable[[str, dict[str, Any]], str]) -> None:
        self.original = render
        self.groups: dict[tuple[str, Hashable], Group] = {}

    def render(self, template: str, context: dict[str, Any]) -> str:
        named = context.get(KEY)
        if named is None:
            return self.original(template, context)
        name, values = named
        group = self.groups.setdefault((template, name), Group())
        if group.trusted:
            return fill(group.parts, values)
        output = self.original(template, context)
        if group.failed:
            return output
        if group.parts is None:
            group.parts = cut(output, values)
            group.failed = group.parts is None
        elif fill(group.parts, values) == output:
            group.trusted = True
        else:
            group.failed = True
        return output


def render_in_frames(app: Sphinx) -> None:
    """builder-inited: the builder's template bridge renders named groups of pages in frames.

    A new bridge ``render`` for each builder, so that frames never outlive a build.
    """
    templates = getattr(app.builder, "templates", None)
    render = getattr(templates, "render", None)
    if render is not None:
        templates.render = Frames(render).render
