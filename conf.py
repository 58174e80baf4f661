"""Sphinx configuration for Duncan Thomas's blog."""

# -- Project -----------------------------------------------------------------
project = "Duncan Thomas"
author = "Duncan Thomas"
copyright = "Duncan Thomas"
language = "en"

# -- General -----------------------------------------------------------------
extensions = [
    # The blog: MyST posts, ABlog, feeds and checks, all loaded by our package.
    "blogkit",
]
root_doc = "index"
# The source folder is the repository root: read the site's pages only.
include_patterns = ["index.md", "about.md", "posts/**"]
templates_path = ["_templates"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Keep the writers' characters as typed: no curly quotes or dashes made up for them.
smartquotes = False

# -- Options for HTML output -----------------------------------------------------
html_theme = "furo"
html_title = "Duncan Thomas"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_baseurl = "https://blog.example.org/"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/about-author.html",
        "sidebar/blog.html",
        "sidebar/scroll-end.html",
    ]
}

# -- Options for ABlog -------------------------------------------------------
blog_title = "Duncan Thomas"
blog_path = "blog"
blog_authors = {"Duncan Thomas": ("Duncan Thomas", "mailto:duncan.thomas@gmail.com")}
blog_default_author = "Duncan Thomas"
blog_feed_length = 20
blog_feed_subtitle = "Conference reports, session notes, war stories and demos."

# -- Options for blogkit -----------------------------------------------------
blog_posts_dir = "posts"
blog_timezone = "UTC"
blog_recent_posts = 5
