"""Files, pages and feeds → articles: decoding, metadata, debris, and the sanitiser for display."""
