# The test blog: three published posts over two years, a draft and a scheduled post.
project = "Test Blog"
author = "Ada Writer"
copyright = "Ada Writer"
language = "en"
extensions = ["blogkit"]
include_patterns = ["index.md", "about.md", "posts/**"]
smartquotes = False
html_theme = "furo"
html_baseurl = "https://test.example.org/"
# A favicon of its own: without one, Chromium asks for /favicon.ico and logs the 404.
html_favicon = "favicon.svg"
blog_title = "Test Blog"
blog_authors = {
    "Ada Writer": ("Ada Writer", "mailto:ada@example.org"),
    "Bob Coder": ("Bob Coder", None),
}
blog_feed_length = 10
blog_timezone = "Europe/Berlin"
# The site's own MyST extensions: blogkit adds dollarmath to them, never replaces them.
myst_enable_extensions = ["colon_fence"]
