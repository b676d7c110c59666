"""Linked articles → a corpus: the container and its navigation, search, the reference build, evaluation."""
