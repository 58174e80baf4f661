"""Math as MathML at build time: no script, numbered equations, feeds, and bad LaTeX named.

The rules are checked on blogkit.render.math's functions; the pages and feeds
on the ``blog`` root (its first post holds the formulas), built once for every
test that reads it. The browser lays a fraction out in test_browser.py; bad
LaTeX fails the build in test_bad_posts.py; reStructuredText's math in
test_ablog_idioms.py.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import Build
from lxml import etree

from blogkit.render.math import display_latex, render

POST = "posts/2023/first-steps.html"


def test_a_formula_becomes_mathml_with_explicit_end_tags() -> None:
    formula = render(r"\frac{a}{b} \quad x", "block")
    assert formula.problem == ""
    soup = BeautifulSoup(formula.markup, "html.parser")
    assert soup.math["display"] == "block"
    assert [mi.get_text() for mi in soup.select("mfrac mi")] == ["a", "b"]
    # An HTML parser would read <mspace/> as an open tag holding what follows.
    assert "/>" not in formula.markup and "<mspace" in formula.markup


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        (r"\frac{a}", "a fraction with 1 of its 2 parts"),
        (r"x^", "^ or _ with nothing after it"),
        (r"\left( x", "a \\left without its \\right"),
        (r"{a + b", "a { without its }"),
        (r"a + b}", "a } without its {"),
        (r"\foo + 1", "\\foo: not a command latex2mathml knows"),
        (r"\begin{aligned}a &= b\end{aligned}", "\\begin{aligned}: not an environment"),
        (r"a & b", "& outside an environment that aligns"),
        ("  ", "an empty formula"),
    ],
)
def test_bad_latex_is_named_and_shown_as_its_source(latex: str, words: str) -> None:
    formula = render(latex)
    assert words in formula.problem
    assert formula.markup.startswith('<code class="blog-math-error">')
    assert "<math" not in formula.markup


def test_good_latex_has_no_problem() -> None:
    for latex in (r"\{a\}", r"\text{if } x \le 1", r"\begin{pmatrix} a & b \end{pmatrix}", "50\\%"):
        assert render(latex).problem == "", latex


def test_display_formulas_are_split_and_aligned_as_sphinx_does() -> None:
    assert display_latex("x = 1") == "x = 1"
    assert display_latex("a = b \\\\\nc = d") == "\\begin{split}a = b \\\\\nc = d\\end{split}"
    assert display_latex("x = 1\n\ny = 2") == "\\begin{align*}x = 1\\\\y = 2\\end{align*}"
    assert display_latex("x = 1\n\ny = 2", nowrap=True) == "x = 1\n\ny = 2"
    # Rows, not one line: Chromium does not break lines at MathML's linebreak="newline".
    assert render(display_latex("x = 1\n\ny = 2"), "block").markup.count("<mtr>") == 2


def test_dollar_math_and_numbered_equations_without_mathjax(sample_site: Build) -> None:
    page = sample_site.html(POST)
    article = page.select_one("article")
    inline = article.select("p math[display=inline]")
    assert [m.select_one("mfrac").get_text() for m in inline[:1]] == ["ab"]
    blocks = article.select("div.math")
    assert [b.select_one(".eqno").get_text().rstrip("¶") for b in blocks] == ["(1)", "(2)"]
    assert all(b.select_one("math[display=block] mfrac") for b in blocks)
    # {eq} references resolve to the numbers, and the permalinks lead to the equations.
    references = {a.get_text(): a["href"] for a in article.select("a.reference.internal")}
    assert references["(1)"] == "#equation-eq-ratio" and references["(2)"] == "#equation-eq-sum"
    assert page.select_one("#equation-eq-ratio").select_one("math")
    assert len(page.select("#equation-eq-ratio")) == 1  # Furo's wrapper holds the id alone
    # Money stays money; the site's own MyST extensions are kept beside dollarmath.
    assert "costs $5 and $10 as money" in article.get_text()
    assert "A colon fence" in article.select_one(".admonition.note").get_text()
    # No MathJax, and nothing else, from anywhere.
    scripts = [s.get("src", "") for s in page.select("script")]
    assert not any("mathjax" in src.lower() for src in scripts), scripts
    assert not any(src.startswith(("http:", "https:", "//")) for src in scripts), scripts


FULL_TEXT = {
    "blog/atom.xml": (
        "{http://www.w3.org/2005/Atom}entry",
        "{http://www.w3.org/2005/Atom}title",
        "{http://www.w3.org/2005/Atom}content",
    ),
    "blog/rss.xml": ("item", "title", "{http://purl.org/rss/1.0/modules/content/}encoded"),
}


@pytest.mark.parametrize("path", FULL_TEXT)
def test_feeds_carry_the_same_mathml(sample_site: Build, path: str) -> None:
    # Feeds are made from the written pages: the same MathML, read from the XML as it is.
    entry_tag, title_tag, content_tag = FULL_TEXT[path]
    root = etree.parse(str(sample_site.outdir / path)).getroot()
    (entry,) = [e for e in root.iter(entry_tag) if e.findtext(title_tag) == "First steps"]
    content = BeautifulSoup(entry.findtext(content_tag), "lxml")
    page = sample_site.html(POST).select_one("article")
    assert [str(m) for m in content.select("math")] == [str(m) for m in page.select("math")]
    assert len(content.select("math mfrac")) == 3
