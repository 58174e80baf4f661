"""The blog's own words, in the site's ``language``, through Sphinx's message catalogs.

Every label blogkit writes (in Python or in a template) goes through its
``blogkit`` catalog (``blogkit/locale/<lang>/LC_MESSAGES/blogkit.po``, compiled
to ``.mo`` beside it), which Sphinx loads for the site's ``language`` like its own:

- Python: ``_("All posts")``, ``ngettext(...)``, called when a page is made,
  never at import (``_`` would then be fixed in the language of whichever build
  imported the module first); ``N_`` marks a text that a table holds and that
  is translated where it is shown.
- Templates: ``{{ _("Draft") }}`` and ``{% trans %}...{% endtrans %}``, Jinja's
  own i18n, which Sphinx installs with its translator: builder-inited puts
  blogkit's catalog in front of it (Sphinx's and Furo's labels still come
  from Sphinx's, but for the Furo labels it lacks: ``THEME_LABELS``), for
  this build only (:func:`install_for_templates`).
- Dates: Babel (CLDR month names; Sphinx's own dependency), with a pattern
  each language sets in the catalog (``d MMMM y`` is "24 May 2019").

Messages to writers (warnings and errors about posts and settings) stay in
English, as most of Sphinx's own build messages are shown untranslated: they
are for the person building the site, quoted in bug reports and searched for.

``make messages`` extracts every msgid into ``locale/blogkit.pot`` (Babel,
``locale/babel.cfg``), updates each language's ``.po`` and compiles its ``.mo``.
"""

from __future__ import annotations

import functools
import gettext
from datetime import date
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from sphinx import locale as sphinx_locale
from sphinx.application import Sphinx
from sphinx.locale import get_translation, get_translator

CATALOG = "blogkit"
LOCALE_DIR = Path(__file__).parent / "locale"

#: ``_("All posts")``: the text in the language of the build.
_ = get_translation(CATALOG)

#: The language of this process's build, set with the catalog (Sphinx keeps its
#: translators per process too): what Babel names months in.
_language = {"code": "en"}


def N_(message: str) -> str:
    """Marks a text for the catalog that is translated later, where it is shown."""
    return message


#: Furo's own labels that Sphinx's catalogs leave in English (Furo ships none): blogkit's
#: catalog, which the templates read first, translates them too. Furo's exact msgids.
THEME_LABELS = (
    N_("Skip to content"),
    N_("Back to top"),
    N_("On this page"),
    N_("Previous"),
    N_("Next"),
    N_("Home"),
    N_("View this page"),
    N_("Edit this page"),
    N_("Last updated on %(last_updated)s"),
    N_("Made with "),
    N_('<a href="https://www.sphinx-doc.org/">Sphinx</a> and '),
    N_("Please activate JavaScript to enable the search functionality."),
)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural text for ``count``, in the language of the build.

    Sphinx's ``get_translation`` has no plural form: its translator's has.
    """
    return get_translator(CATALOG).ngettext(singular, plural, count)


def add_catalog(app: Sphinx) -> None:
    """setup(): blogkit's catalog beside Sphinx's own, in the site's language.

    Sphinx merges a catalog into the one a previous build of the same process
    loaded (the live preview, tests): blogkit's is loaded anew for each build,
    so that a build in English after one in German shows English.
    """
    sphinx_locale.translators.pop(("general", CATALOG), None)
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    _language["code"] = app.config.language or "en"


def install_for_templates(app: Sphinx) -> None:
    """builder-inited: the templates' ``_()`` and ``{% trans %}`` read blogkit's catalog first.

    Sphinx installs its own translator in its Jinja environment; blogkit's is
    put in front of it, a fresh one per build, so Sphinx's stays as it is.
    """
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or not hasattr(environment, "install_gettext_translations"):
        return
    language = app.config.language or "en"
    ours = gettext.translation(CATALOG, LOCALE_DIR, languages=[language], fallback=True)
    theirs = getattr(app, "translator", None)
    if theirs is not None:
        ours.add_fallback(theirs)
    environment.install_gettext_translations(ours, newstyle=False)


def day(moment: date) -> str:
    """A day as pages show it: '24 May 2019' in English, '24. Mai 2019' in German.

    Month names come from Babel, never from the build machine's locale. A
    language that Babel does not know shows English months.
    """
    # Translators: a CLDR date pattern (d: day, MMMM: month name, y: year), such as
    # "d. MMMM y" in German; see https://babel.pocoo.org/en/latest/dates.html
    return _formatted_day(moment, str(_("d MMMM y")), _language["code"])


@functools.lru_cache(maxsize=1 << 14)
def _formatted_day(moment: date, pattern: str, language: str) -> str:
    """Babel's formatting of a day (0.1 ms), once per day, pattern and language: a listing
    page, a post's card and its header show the same days again and again."""
    return format_date(moment, pattern, locale=_babel_locale(language))


@functools.cache
def _babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale("en")
