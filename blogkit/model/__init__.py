"""What a post is: front-matter rules, records, the blog index. No rendering, no Sphinx output."""
