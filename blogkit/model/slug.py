"""Page names for posts, tags, categories and authors."""

from __future__ import annotations

import functools
import re
import unicodedata


@functools.lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """Lower-case words joined by hyphens: ``"Web Dev (2024)"`` -> ``"web-dev-2024"``.

    Accents are dropped (``Café`` -> ``cafe``); letters of other scripts are kept,
    so a Cyrillic or Greek title still gives a readable name. Punctuation is
    dropped, which is why ``C++`` and ``C`` share a page and are reported as a
    collision rather than silently merged.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", kept.casefold())
    return "-".join(words)
