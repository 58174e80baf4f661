"""Sphinx configuration for blogkit's own documentation: a small blog built with blogkit."""

# -- Project -----------------------------------------------------------------
project = "blogkit"
author = "blogkit maintainers"
copyright = "blogkit maintainers"
language = "en"

# -- General -----------------------------------------------------------------
extensions = ["blogkit"]
root_doc = "index"
include_patterns = ["index.md", "posts/**"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
smartquotes = False

# -- Options for HTML output -------------------------------------------------
html_theme = "furo"
html_title = "blogkit"
html_baseurl = "https://blogkit.example.org/"
html_copy_source = False
html_show_sourcelink = False
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/blog.html",
        "sidebar/scroll-end.html",
    ]
}

# -- Options for ABlog and blogkit -------------------------------------------
blog_title = "blogkit"
blog_path = "blog"
blog_authors = {"blogkit maintainers": ("blogkit maintainers", None)}
blog_default_author = "blogkit maintainers"
blog_feed_length = 20
blog_feed_subtitle = "blogkit's documentation, written as the blog it builds."
blog_posts_dir = "posts"
blog_timezone = "UTC"
blog_recent_posts = 5
