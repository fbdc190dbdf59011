"""Web pages: profile pages and the interactive graph explorer."""
