"""Recognising and linking entities: what mentions name (see `model`)."""
