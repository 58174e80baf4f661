"""Social cards: a 1200 x 630 PNG per post for link previews, drawn at build time.

A card shows the site's name, the post's title (wrapped, at most
``MAX_LINES`` lines, the last cut with an ellipsis), its authors and date, in
the site's brand colour (Furo's ``color-brand-primary`` from
``html_theme_options["light_css_variables"]``, else Furo's own). Pillow draws
it, offline, with DejaVu Sans shipped in ``blogkit/fonts/`` (Pillow's own
bundled font, ``ImageFont.load_default``, covers only ASCII: an umlaut would
be a box). The fonts are DejaVu Sans 2.37 cut down to the scripts in
``COVERED`` with fontTools, which blogkit does not need to run::

    pyftsubset DejaVuSans.ttf --unicodes="<COVERED, as U+ ranges>" \\
      --layout-features=kern,liga --desubroutinize \\
      --output-file=blogkit/fonts/DejaVuSans.ttf     # and the same for -Bold

Their hinting is kept: FreeType draws a hinted glyph faster (1.1 ms for a
line of the title against 1.9 ms) than it auto-hints an unhinted one.

A card's file is named by the digest of everything drawn on it
(``_images/cards/<digest>.png``): a card whose inputs did not change is
already there and is not drawn again, a changed one gets a new address (which
also makes link-preview caches fetch it anew), and the cards no post uses any
more are deleted at the end of the build (``remove_unused_cards``), so an
incremental build leaves the same files as a clean one. PNGs are written
without timestamps or other metadata: the same inputs give the same bytes.

Cards are drawn when a post's page is written (``html-page-context``): once
per post, by whichever process writes the page in a parallel build, and never
for a page that is not written again. A title with characters outside
``COVERED`` (Chinese, Arabic, emoji...) gets no card: a note names the post,
and its previews show no image unless it names one with ``image:``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import astuple, dataclass
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont
from sphinx.application import Sphinx
from sphinx.util import logging

from blogkit.config import site_timezone
from blogkit.model.domain import blog_data
from blogkit.model.index import BlogIndex, blog_index
from blogkit.model.records import PostRecord
from blogkit.render.dates import display_date
from blogkit.state import build_state

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
#: Where the cards go in the output, beside the images Sphinx copies.
FOLDER = "_images/cards"
#: Bump when the drawing or the fonts change: every card gets a new digest, so is drawn again.
LAYOUT_VERSION = 2
FONTS = Path(__file__).parent.parent / "fonts"
#: Furo's light brand colour, when the site sets none.
FURO_BRAND = "#0a4bff"
INK, SECONDARY, BACKGROUND = "#1a1c1e", "#5a5c63", "#ffffff"
MARGIN = 80
#: Title sizes tried from the largest: the first whose lines fit in MAX_LINES wins.
TITLE_SIZES = (72, 60, 52)
MAX_LINES = 4
#: Code points the shipped fonts cover (what the subset kept), as inclusive ranges.
COVERED = (
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x259, 0x259),
    (0x2BB, 0x2BC),
    (0x2C6, 0x2DD),
    (0x300, 0x36F),
    (0x370, 0x3FF),
    (0x400, 0x4FF),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20BF),
    (0x2100, 0x214F),
    (0x2190, 0x2199),
    (0x2212, 0x2212),
)


@dataclass(frozen=True)
class CardText:
    """Everything a card shows: its digest names the file."""

    title: str
    authors: str
    date: str
    site: str
    colour: str

    @property
    def byline(self) -> str:
        return "  ·  ".join(part for part in (self.authors, self.date) if part)

    @property
    def digest(self) -> str:
        data = repr((LAYOUT_VERSION, astuple(self))).encode()
        return hashlib.sha256(data).hexdigest()[:20]

    @property
    def path(self) -> str:
        """The card's path in the output, from the output folder."""
        return f"{FOLDER}/{self.digest}.png"

    @property
    def alt(self) -> str:
        """The card's text alternative: what it shows, in reading order."""
        parts = (self.title, self.authors, self.date, self.site)
        return " · ".join(part for part in parts if part)


#: A character outside COVERED: one regular-expression search (in C) instead of a range
#: check per character (a card's text is checked for every post on many builds).
_UNCOVERED = re.compile(
    "[^" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in COVERED) + "]"
)


def covered(text: str) -> bool:
    """Whether the shipped fonts can draw every character of ``text``."""
    return _UNCOVERED.search(text) is None


def brand_colour(theme_options: object) -> str:
    """The site's brand colour as ``#rrggbb``: Furo's light ``color-brand-primary``.

    A value Pillow cannot read (a CSS ``var(...)``, say) leaves Furo's own.
    """
    variables = theme_options.get("light_css_variables") if isinstance(theme_options, dict) else {}
    value = variables.get("color-brand-primary") if isinstance(variables, dict) else None
    if isinstance(value, str):
        try:
            red, green, blue = ImageColor.getrgb(value)[:3]
        except ValueError:
            return FURO_BRAND
        return f"#{red:02x}{green:02x}{blue:02x}"
    return FURO_BRAND


def card_text(app: Sphinx, post: PostRecord, index: BlogIndex) -> CardText | None:
    """What the post's card shows; None when the site has no cards or the post its own image."""
    if not app.config.blog_social_cards or post.image:
        return None
    authors = ", ".join(index.shown_name("authors", name) for name in post.meta.authors)
    date = display_date(post.date, site_timezone(app.config)) if post.date else ""
    colour = brand_colour(app.config.html_theme_options)
    title = " ".join(post.title.split())
    text = CardText(title, authors, date, app.config.project or "", colour)
    if not covered(text.title + text.byline + text.site):
        return None
    return text


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    # The basic layout: the same glyph positions whether or not libraqm is installed.
    return ImageFont.truetype(FONTS / name, size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1 << 16)
def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    """A word's or character's advance; lines are measured as sums of these.

    Measuring each candidate line with FreeType took most of a card's time.
    """
    return font.getlength(text)


def _width(font: ImageFont.FreeTypeFont, words: list[str]) -> float:
    return sum(_length(font, word) for word in words) + _length(font, " ") * (len(words) - 1)


def _chars(font: ImageFont.FreeTypeFont, text: str) -> float:
    return sum(_length(font, ch) for ch in text)


def _fit(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """``text`` if it fits, else its longest start that fits with an ellipsis after it."""
    if _chars(font, text) <= width:
        return text
    room = width - _length(font, "…")
    kept = 0.0
    for end, ch in enumerate(text):
        kept += _length(font, ch)
        if kept > room:
            return text[:end].rstrip() + "…"
    return text


def _cut(word: str, font: ImageFont.FreeTypeFont, width: float) -> int:
    """How many characters of ``word`` fit in ``width`` (at least one)."""
    kept = 0.0
    for end, ch in enumerate(word):
        kept += _length(font, ch)
        if kept > width:
            return max(end, 1)
    return len(word)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Words into lines no wider than ``width``; a word longer than a line is cut."""
    lines: list[str] = []
    line: list[str] = []
    for word in text.split():
        while _length(font, word) > width:
            # A word wider than the card: cut where it stops fitting, on lines of its own.
            if line:
                lines.append(" ".join(line))
                line = []
            cut = _cut(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        if line and _width(font, [*line, word]) > width:
            lines.append(" ".join(line))
            line = []
        line.append(word)
    if line:
        lines.append(" ".join(line))
    return lines


def title_lines(title: str, width: float) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The title's font and lines: the largest size that fits, else cut with an ellipsis."""
    for size in TITLE_SIZES:
        font = _font(True, size)
        lines = wrap(title, font, width)
        if len(lines) < MAX_LINES:
            break
    if len(lines) > MAX_LINES:
        rest = " ".join(lines[MAX_LINES - 1 :])
        lines = [*lines[: MAX_LINES - 1], _fit(rest, font, width)]
    return font, lines


#: Shades of each ink between the background (0) and the ink itself (LEVELS - 1).
LEVELS = 64
#: Width of the brand-coloured band along the left edge; where the title starts.
BAND, TITLE_TOP = 24, 175
#: The rows above TEXT_TOP (band, site name) are the same on every card of a site; the
#: title's ink covers the rows from there to BYLINE_TOP, the byline's those below. The
#: title ends above 440 at any size (3 lines of 72 or 60, 4 of 52), the byline starts at 518.
TEXT_TOP, BYLINE_TOP = 150, 480
#: Each ink's index in the palette (``_palette``): brand, title, byline.
BRAND_INK, TITLE_INK, BYLINE_INK = 0, 1, 2


@cache
def _palette(inks: tuple[str, ...]) -> list[int]:
    """Palette entry 0 the background; then, per ink, LEVELS shades towards it."""
    white = ImageColor.getrgb(BACKGROUND)[:3]
    palette = list(white)
    for ink in inks:
        rgb = ImageColor.getrgb(ink)[:3]
        for level in range(1, LEVELS + 1):
            share = level / LEVELS
            palette += [round(w + (c - w) * share) for w, c in zip(white, rgb, strict=True)]
    return palette


@cache
def _shades(ink: int) -> list[int]:
    """Mask value -> palette entry of the ink's shade (0, no ink, stays the background)."""
    return [0] + [ink * LEVELS + 1 + (value * LEVELS - 1) // 256 for value in range(1, 256)]


@lru_cache(maxsize=8)
def _head(site: str, colour: str) -> Image.Image:
    """What every card of a site shares, in its palette: the band and the site's name.

    Drawn once per process and copied for each card; the rows below TEXT_TOP
    right of the band are left blank for the post's own text.
    """
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(mask)
    draw.rectangle((0, 0, BAND - 1, HEIGHT), fill=255)
    font = _font(True, 34)
    draw.text((MARGIN, MARGIN), _fit(site, font, WIDTH - 2 * MARGIN), font=font, fill=255)
    card = mask.point(_shades(BRAND_INK)).convert("P")
    card.putpalette(_palette((colour, INK, SECONDARY)))
    return card


@lru_cache(maxsize=1 << 12)
def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> tuple[Image.Image, int, int] | None:
    """A character's antialiased mask and its offset from the pen (None: it draws nothing).

    FreeType renders a hinted glyph the same wherever it stands (the basic
    layout puts each on a whole pixel, without kerning), so a line drawn from
    these masks has the same pixels as ``ImageDraw.text`` gives, in a quarter
    of the time: most of that was rendering the same glyphs again on every card.
    """
    left, top, right, bottom = font.getbbox(ch)
    if right <= left or bottom <= top:
        return None
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), ch, font=font, fill=255)
    return mask, left, top


def _draw_line(
    mask: Image.Image, xy: tuple[int, int], text: str, font: ImageFont.FreeTypeFont
) -> None:
    """``text`` into ``mask`` at ``xy`` (its top left, as ``ImageDraw.text`` has it), by glyph."""
    x, y = xy
    pen = 0.0
    for ch in text:
        if glyph := _glyph(font, ch):
            shape, left, top = glyph
            mask.paste(255, (x + round(pen) + left, y + top), shape)
        pen += _length(font, ch)


def draw_card(text: CardText) -> bytes:
    """The card as PNG bytes: the same text always gives the same bytes.

    The site's part is drawn once (``_head``) and copied. The post's title
    and byline are drawn, antialiased, into one greyscale mask of the rows
    below it; the title's rows and the byline's each have one ink, so their
    mask values become that ink's palette entries (background plus LEVELS
    shades per ink). A palette image has a third of an RGB image's bytes,
    which zlib packs several times faster.
    """
    card = _head(text.site, text.colour).copy()
    mask = Image.new("L", (WIDTH - BAND, HEIGHT - TEXT_TOP), 0)
    left, inner = MARGIN - BAND, WIDTH - 2 * MARGIN
    font, lines = title_lines(text.title, inner)
    leading = round(font.size * 1.2)
    for number, line in enumerate(lines):
        _draw_line(mask, (left, TITLE_TOP - TEXT_TOP + number * leading), line, font)
    small = _font(False, 32)
    byline = _fit(text.byline, small, inner)
    _draw_line(mask, (left, HEIGHT - MARGIN - 32 - TEXT_TOP), byline, small)
    for top, bottom, ink in ((TEXT_TOP, BYLINE_TOP, TITLE_INK), (BYLINE_TOP, HEIGHT, BYLINE_INK)):
        rows = mask.crop((0, top - TEXT_TOP, mask.width, bottom - TEXT_TOP))
        card.paste(rows.point(_shades(ink)), (BAND, top))
    out = BytesIO()
    # zlib's fastest level: a card of 22 kB instead of 19 (level 3), 0.4 ms sooner (of 5).
    # No pnginfo, no dpi: IHDR, PLTE, IDAT and IEND only, so no date or machine enters the file.
    card.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def write_card(outdir: Path, text: CardText) -> None:
    """Draw the card into the output unless a card with the same digest is there."""
    target = outdir / text.path
    if target.is_file():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a parallel writer drawing the same card never sees half of it.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(handle, "wb") as file:
        file.write(draw_card(text))
    os.replace(temporary, target)


def post_card(app: Sphinx, post: PostRecord) -> CardText | None:
    """html-page-context (through blogkit.render.social): the post's card, drawn if new."""
    text = card_text(app, post, blog_index(app))
    if text is None:
        if app.config.blog_social_cards and not post.image:
            logger.info(
                "%s: no social card: its title or names hold characters the card's font "
                "lacks (it covers Latin, Greek and Cyrillic); name an image with 'image:'",
                post.meta.path,
            )
        return None
    write_card(Path(app.builder.outdir), text)
    return text


def remove_unused_cards(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: delete the cards no published post shows (removed, retitled, off)."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.builder.outdir) / FOLDER
    state = build_state(app)
    # A card changes only with what its post's page shows, so only a build that wrote a
    # post's page or removed a document can leave one unused.
    posts = blog_data(app.env).posts
    if not folder.is_dir() or not (state.removed or any(n in posts for n in state.written)):
        return
    index = blog_index(app)
    used = {Path(text.path).name for post in index.posts if (text := card_text(app, post, index))}
    for path in folder.iterdir():
        if path.name not in used:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
    # A clean build without cards has no folder for them (nor _images, without images).
    for empty in (folder, folder.parent):
        if not any(empty.iterdir()):
            empty.rmdir()
