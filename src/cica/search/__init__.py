"""Full-text search over every language version a reader may see, in each language's own terms."""
