"""An ABlog site's settings: read by blogkit migrate with ast, never run."""

import os

extensions = ["ablog", "myst_parser", "sphinx_examples"]
blog_path = "blog"
blog_post_pattern = ["blog/*/*"]
blog_authors = {"Grace Hopper": ("Grace Hopper", "https://example.org/grace")}
blog_locations = {"Paris": ("Paris", None)}
html_baseurl = os.environ.get("BASE_URL", "https://old.example.org/")

raise RuntimeError("conf.py must be read, not run")
