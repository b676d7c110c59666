"""Paths → a stored, linked corpus: the pipeline's steps, and the per-file work in worker processes."""

from reader.indexer.extract import IndexCancelled
from reader.indexer.pipeline import Indexed, IndexStats, index_paths, last_corpus, load_corpus

__all__ = ["IndexCancelled", "IndexStats", "Indexed", "index_paths", "last_corpus", "load_corpus"]
