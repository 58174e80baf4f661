# Posts with mistakes, found on each path a message takes: the build must fail and name each.
extensions = ["blogkit"]
html_theme = "furo"
html_baseurl = "https://test.example.org/"
blog_authors = {"Ada Writer": ("Ada Writer", None)}
