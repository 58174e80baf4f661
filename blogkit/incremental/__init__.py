"""What changed and what to rewrite: page stamps, sidebar refresh, background writers, merges."""
