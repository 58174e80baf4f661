"""Math as MathML, made at build time: no script, no web font, no request leaves the site.

Every formula (MyST's ``$...$`` and ``$$...$$``, the ``{math}`` role and
directive, reStructuredText's ``:math:`` and ``.. math::``) becomes MathML
with latex2mathml as its page is read, and the HTML writer puts that MathML
in the page: browsers lay it out themselves, and feeds, built from the
written pages, carry the same markup. blogkit registers the renderer as
``mathml`` and makes it ``html_math_renderer`` unless ``conf.py`` chose
another; Sphinx then adds no MathJax to any page. Numbered equations
(``:label:``, ``$$ ... $$ (label)``) keep Sphinx's numbers, permalinks and
``{eq}`` references.

latex2mathml raises on some mistakes and accepts others in silence: an
unknown command becomes an identifier named ``\\foo``, a missing brace
closes itself, an environment it does not know is dropped with its
alignment. The checks after it (:func:`problems_in`) are hand-written
because no library checks LaTeX math short of running TeX: each mistake is
a warning naming the file, the line and the formula, so the strict build
fails, and the page shows the formula's source instead.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from latex2mathml import commands, exceptions
from latex2mathml.converter import convert
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _ as sphinx_label
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

from blogkit.config import is_set
from blogkit.model.domain import blog_data
from blogkit.model.frontmatter import Problem
from blogkit.model.reading import report

logger = logging.getLogger(__name__)

#: The renderer's name, for ``html_math_renderer``.
RENDERER = "mathml"
#: Where a formula's MathML is kept on its node, from reading to writing (and the excerpt).
MARKUP = "mathml"
#: What marks a page that may hold a formula: ``$``, ``{math}``, ``:math:``, ``\\begin{...}``.
MARKS = ("$", "math", "\\begin")
#: Keys of the page being read (``env.current_document``).
MAY_HOLD_MATH = "blogkit_may_hold_math"
PROBLEMS = "blogkit_math_problems"
#: How much of a formula a message quotes.
QUOTED_LENGTH = 80

#: What latex2mathml's exceptions mean, for a writer (they carry no message of their own).
EXCEPTIONS = {
    exceptions.NumeratorNotFoundError: "a fraction without its numerator",
    exceptions.DenominatorNotFoundError: "a fraction without its denominator",
    exceptions.ExtraLeftOrMissingRightError: "a \\left without its \\right",
    exceptions.MissingSuperScriptOrSubscriptError: "^ or _ with nothing after it",
    exceptions.DoubleSubscriptsError: "two subscripts on one base (write x_{ab} or {x_a}_b)",
    exceptions.DoubleSuperscriptsError: "two superscripts on one base (write x^{ab} or {x^a}^b)",
    exceptions.NoAvailableTokensError: "it ends where more is expected (an empty group?)",
    exceptions.InvalidStyleForGenfracError: "\\genfrac's style is not 0, 1, 2 or 3",
    exceptions.MissingEndError: "a \\begin without its \\end",
    exceptions.InvalidAlignmentError: "an array column that is not l, c or r",
    exceptions.InvalidWidthError: "a width that is not a whole number",
    exceptions.LimitsMustFollowMathOperatorError: "\\limits after something that is no operator",
}

#: The environments latex2mathml lays out; any other would lose its rows and alignment.
ENVIRONMENTS = frozenset(name.removeprefix("\\") for name in commands.MATRICES)
#: MathML elements, how many children each must have, and what a writer calls them.
ARGUMENTS = {
    "mfrac": (2, "a fraction"),
    "mroot": (2, "a root"),
    "msub": (2, "a subscript"),
    "msup": (2, "a superscript"),
    "msubsup": (3, "a subscript and superscript"),
    "munder": (2, "something set under"),
    "mover": (2, "something set over"),
    "munderover": (3, "something set under and over"),
}

_BEGIN = re.compile(r"\\begin\s*\{([^{}]*)\}")
_SELF_CLOSING = re.compile(r"<([a-z]+)([^<>]*?)\s*/>")
_EMPTY_ATTRIBUTE = re.compile(r' [a-z]+=""')
_BARE_AMPERSAND = re.compile(r">&<")


@dataclass(frozen=True)
class Formula:
    """One formula as a page shows it, and what is wrong with it ("" when nothing)."""

    markup: str
    problem: str = ""


def display_latex(latex: str, nowrap: bool = False) -> str:
    """A display formula as Sphinx's MathJax renderer reads it.

    Equations separated by blank lines are aligned one under the other, and
    one with ``\\\\`` line breaks becomes a ``split``.
    """
    if nowrap:
        return latex
    parts = [part.strip() for part in latex.split("\n\n") if part.strip()]
    if len(parts) > 1:
        return "\\begin{align*}" + "\\\\".join(parts) + "\\end{align*}"
    if parts and "\\\\" in parts[0] and "\\begin" not in parts[0]:
        return "\\begin{split}" + parts[0] + "\\end{split}"
    return latex


def render(latex: str, display: str = "inline") -> Formula:
    """MathML for a formula (``display`` "inline" or "block"), or its source and the problem."""
    problem = source_problem(latex)
    markup = ""
    if not problem:
        try:
            markup = convert(latex, display=display)
        # Any failure of a third-party parser is the formula's problem, never a crash.
        except Exception as error:
            problem = EXCEPTIONS.get(type(error), f"latex2mathml cannot read it ({error!r})")
        else:
            problem = problems_in(markup)
    if problem:
        return Formula(f'<code class="blog-math-error">{html.escape(latex)}</code>', problem)
    # Explicit end tags: an HTML parser (lxml's, a feed reader's) reads <mspace/> as an open
    # tag. No empty attributes (align* without & has columnspacing=""): no value is valid.
    return Formula(_SELF_CLOSING.sub(r"<\1\2></\1>", _EMPTY_ATTRIBUTE.sub("", markup)))


def source_problem(latex: str) -> str:
    """What is wrong in the LaTeX itself that latex2mathml lets through."""
    if not latex.strip():
        return "an empty formula"
    depth = 0
    escaped = False
    for char in latex:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return "a } without its {"
    if depth:
        return "a { without its }"
    for name in _BEGIN.findall(latex):
        if name.strip() not in ENVIRONMENTS:
            known = ", ".join(sorted({known.rstrip("*") for known in ENVIRONMENTS}, key=str.lower))
            return f"\\begin{{{name}}}: not an environment latex2mathml lays out ({known})"
    return ""


def problems_in(markup: str) -> str:
    """What latex2mathml's MathML shows it did not understand."""
    if _BARE_AMPERSAND.search(markup):
        return "& outside an environment that aligns (such as align* or split)"
    try:
        tree = ElementTree.fromstring(markup)
    except ElementTree.ParseError as error:
        return f"latex2mathml wrote MathML that is not well formed ({error})"
    for element in tree.iter():
        name = element.tag.rpartition("}")[2]
        text = (element.text or "").strip()
        if name in ("mi", "mo") and text.startswith("\\"):
            return f"{text}: not a command latex2mathml knows"
        wanted, what = ARGUMENTS.get(name, (0, ""))
        if wanted and len(element) != wanted:
            return f"{what} with {len(element)} of its {wanted} parts: an argument is missing"
    return ""


def quoted(latex: str) -> str:
    """A formula on one line, shortened, for a message."""
    text = " ".join(latex.split())
    if len(text) > QUOTED_LENGTH:
        text = text[: QUOTED_LENGTH - 1] + "…"
    return f"'{text}'"


def _formula(node: nodes.math | nodes.math_block) -> Formula:
    if isinstance(node, nodes.math_block):
        latex = display_latex(node.astext(), node.get("no-wrap", node.get("nowrap", False)))
        return render(latex, "block")
    return render(node.astext())


def _problem(node: nodes.Node, formula: Formula, path: str) -> Problem:
    return Problem(
        path,
        get_source_line(node)[1] or 0,
        f"math {quoted(node.astext())}: {formula.problem}",
        "math",
    )


def renders_mathml(config: Config) -> bool:
    return config.html_math_renderer == RENDERER


def note_formulas(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read: whether a page may hold a formula, from a look at its text.

    Cheaper than a walk of every page's tree for formulas that most pages do
    not have; a formula this misses (one from an included file, say) is
    rendered as its page is written.
    """
    if any(mark in source[0] for mark in MARKS):
        app.env.current_document[MAY_HOLD_MATH] = True


class RenderMath(SphinxTransform):
    """Each formula of a page as MathML, made once, as the page is read.

    Before blogkit's ReadPost (790), which takes a post's excerpt: a formula
    in it shows in listings and feed summaries as on the page.
    """

    default_priority = 780

    def apply(self, **kwargs: object) -> None:
        env = self.env
        if not env.current_document.get(MAY_HOLD_MATH) or not renders_mathml(self.config):
            return
        path = Path(env.doc2path(env.docname)).relative_to(env.srcdir).as_posix()
        problems = []
        for node in self.document.findall(_is_formula):
            formula = _formula(node)
            if formula.problem:
                problems.append(_problem(node, formula, path))
            node[MARKUP] = formula.markup
        env.current_document[PROBLEMS] = problems


def report_math_problems(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: formulas that could not be rendered, as problems of their page.

    A post's are kept with its other problems (once ReadPost has recorded
    it), so that every build reports them until the post is fixed, and the
    live preview keeps its last good page.
    """
    env = app.env
    problems = env.current_document.get(PROBLEMS)
    if not problems:
        return
    data = blog_data(env)
    if env.docname in data.posts:
        data.problems[env.docname] = (*data.problems.get(env.docname, ()), *problems)
    for problem in problems:
        report(problem)


def _is_formula(node: nodes.Node) -> bool:
    return isinstance(node, nodes.math | nodes.math_block)


def _markup(node: nodes.math | nodes.math_block) -> str:
    """The MathML made when the page was read; made now for a formula added since."""
    if MARKUP not in node:
        formula = _formula(node)
        if formula.problem:
            logger.warning(
                "math %s: %s",
                quoted(node.astext()),
                formula.problem,
                location=node,
                type="blog",
                subtype="math",
            )
        node[MARKUP] = formula.markup
    return node[MARKUP]


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    self.body.append(_markup(node))
    raise nodes.SkipNode


def visit_math_block(self: HTML5Translator, node: nodes.math_block) -> None:
    """As Sphinx's MathJax renderer writes it: its number and permalink, then the formula.

    Furo wraps a formula in a container that takes its ids: the ids are then
    the wrapper's alone, since a page may hold an id once.
    """
    wrapper = node.parent
    wrapped = isinstance(wrapper, nodes.container) and wrapper["ids"] == node["ids"]
    tagged = nodes.Element(classes=node["classes"]) if wrapped else node
    self.body.append(self.starttag(tagged, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        # Sphinx's own words, in Sphinx's catalog.
        self.add_permalink_ref(node, sphinx_label("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_markup(node))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def add_renderer(app: Sphinx) -> None:
    """setup(): the ``mathml`` HTML math renderer, and the reading that prepares it."""
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    app.connect("source-read", note_formulas)
    app.add_transform(RenderMath)
    app.connect("doctree-read", report_math_problems)


def configure_math(app: Sphinx, config: Config) -> None:
    """config-inited: MathML unless conf.py chose a renderer; ``$`` math in Markdown.

    MyST's ``dollarmath`` is added to the site's own ``myst_enable_extensions``.
    A ``$`` with a space on its inside or a digit on its outside is not math
    (``$5 and $10`` stays money) unless conf.py says otherwise.
    """
    if not is_set(config, "html_math_renderer"):
        config.html_math_renderer = RENDERER
    if "myst_enable_extensions" not in config:
        return
    enabled = config.myst_enable_extensions
    if "dollarmath" not in enabled:
        config.myst_enable_extensions = [*enabled, "dollarmath"]
    for name in ("myst_dmath_allow_space", "myst_dmath_allow_digits"):
        if not is_set(config, name):
            setattr(config, name, False)
