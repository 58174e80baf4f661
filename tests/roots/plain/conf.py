# A blog with no posts yet: tests add the posts they need.
project = "Test Blog"
author = "Ada Writer"
extensions = ["blogkit"]
html_theme = "furo"
html_baseurl = "https://test.example.org/"
blog_title = "Test Blog"
blog_authors = {"Ada Writer": ("Ada Writer", None)}
blog_timezone = "Europe/Berlin"
