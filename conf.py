"""Sphinx configuration of this blog: its identity once, then its settings."""

# -- The site: pages, sidebar, feeds and the 404 page all read it from here --------
project = "Duncan Thomas"
author = "Duncan Thomas"
blog_email = "duncan.thomas@gmail.com"
blog_about_page = "about"
html_baseurl = "https://blog.example.org/"
language = "en"

# -- General -----------------------------------------------------------------
extensions = [
    # The blog: MyST posts, ABlog, feeds and checks, all loaded by our package.
    "blogkit",
]
root_doc = "index"
# The source folder is the repository root: read the site's pages only.
include_patterns = ["index.md", "about.md", "posts/**"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Keep the writers' characters as typed: no curly quotes or dashes made up for them.
smartquotes = False

# -- Options for HTML output -----------------------------------------------------
html_theme = "furo"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None

# -- Options for ABlog -------------------------------------------------------
blog_path = "blog"
blog_feed_length = 20
blog_feed_subtitle = "Conference reports, session notes, war stories and demos."

# -- Options for blogkit -----------------------------------------------------
blog_posts_dir = "posts"
blog_timezone = "UTC"
blog_recent_posts = 5
