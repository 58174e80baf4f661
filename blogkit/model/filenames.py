"""Which files under the posts folder are posts, and which names cannot be published.

A post's address is its path, as in ABlog: any file name Sphinx reads is a
post (``CCFv3BBP.md``, ``brainglobe-v1_1.md``, the same name in two year
folders). What stays refused is a name that cannot exist on a real file
system or web server: longer than 255 bytes, a Windows device name, or with
characters that file systems or URLs reserve.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

#: Sources a reader would take for posts that this blog does not read, and what to do.
REFUSED_SUFFIXES = {
    ".ipynb": "a notebook is not a post here (MyST-NB is not part of this blog): "
    "convert it to a MyST Markdown post with 'jupytext --to myst FILE' "
    "(code cells become 'code-cell' blocks, shown as code), then remove the .ipynb",
    ".markdown": "rename it to .md to make it a post",
    ".txt": "rename it to .md (MyST Markdown) or .rst to make it a post",
}

_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$")
_FORBIDDEN = set('<>:"|?*\\#%')
#: The longest file name most file systems take; the page adds ".html".
MAX_NAME_BYTES = 255


def file_name_problem(path: str) -> str | None:
    """Why a post's file name cannot be published, or None."""
    stem = PurePosixPath(path).stem
    page = f"{stem}.html"
    if not stem.strip():
        return "file name is empty: name the post's file"
    if len(page.encode("utf-8")) > MAX_NAME_BYTES:
        return (
            f"file name '{stem[:40]}...' is too long: its page would be "
            f"{len(page.encode('utf-8'))} bytes, over the {MAX_NAME_BYTES} a file system takes"
        )
    if _RESERVED.match(stem):
        return f"file name '{stem}' is reserved on Windows file systems: rename the file"
    bad = sorted({ch for ch in stem if ch in _FORBIDDEN or ord(ch) < 32})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        return f"file name '{stem}' holds characters addresses cannot carry ({shown}): rename it"
    return None


def refused_reason(path: str) -> str | None:
    """Why a file under the posts folder that looks like a post is not read, or None."""
    return REFUSED_SUFFIXES.get(PurePosixPath(path).suffix.lower())
