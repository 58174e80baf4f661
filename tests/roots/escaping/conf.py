# Titles, names and summaries full of characters that mean something in HTML.
project = "Test Blog"
author = "Ada Writer"
extensions = ["blogkit"]
smartquotes = False
html_theme = "furo"
html_baseurl = "https://test.example.org/"
html_sidebars = {
    "**": [
        f"sidebar/{name}.html" for name in ("brand", "search", "scroll-start", "blog", "scroll-end")
    ]
}
blog_title = "Test Blog"
