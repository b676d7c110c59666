"""Summits named in an article: which keys name a summit series, and where and when a named
summit met ("SCO summit 2024 Astana")."""

from __future__ import annotations

from reader.entities.gazetteer import Gazetteer
from reader.entities.lexicon import _IN_PLACE, _SENTENCE_END, _YEAR


def _is_summit_key(key: str) -> bool:
    return key.lower().endswith("summit")


def place_after(form: str, end: int, gazetteer: Gazetteer):
    """ "in Astana" / "at Hiroshima" right after `end`: (the place as written, its gazetteer entry or None)."""
    place = _IN_PLACE.match(form, end)
    if not place:
        return "", None
    return place.group(1), gazetteer.lookup(place.group(1)) or gazetteer.lookup(place.group(1).split()[0])


def summit_instance(form: str, mention_end: int, article_date: str, gazetteer: Gazetteer) -> str:
    """ "2024 Astana" when the sentence after a named summit says where (and when) it met."""
    _, entry = place_after(form, mention_end, gazetteer)
    if entry is None or entry.type != "GPE":
        return ""
    sentence_end = _SENTENCE_END.search(form, mention_end)
    sentence = form[mention_end : sentence_end.start() if sentence_end else mention_end + 200]
    year = _YEAR.search(sentence) or _YEAR.search(article_date or "")
    return f"{year.group(1)} {entry.name}" if year else entry.name
