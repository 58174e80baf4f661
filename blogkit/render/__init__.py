"""From the blog index to pages: page context, sidebars, listing pages, feeds, sitemap, previews."""
