"""Paths → a stored, linked corpus: the pipeline's steps, and the per-file work in worker processes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.indexer.extract import IndexCancelled
    from reader.indexer.pipeline import Indexed, IndexStats, index_paths, last_corpus, load_corpus

__all__ = ["IndexCancelled", "IndexStats", "Indexed", "index_paths", "last_corpus", "load_corpus"]


def __getattr__(name: str) -> Any:
    # Imported when first used: the quick path (`last_start`) runs without the pipeline's modules.
    if name == "IndexCancelled":
        from reader.indexer.extract import IndexCancelled

        return IndexCancelled
    if name in __all__:
        from reader.indexer import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'reader.indexer' has no attribute {name!r}")
