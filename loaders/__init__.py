"""Loaders: each source module parses a file into records (pure, streaming); `writer` stores them."""
