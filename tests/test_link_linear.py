"""Linking one long article takes work linear in its length: the lines of the linker run are
counted, not timed. A long article names more people and organisations as it goes; comparing
each organisation with every other, and scanning the article for each surname alone, made the
linking of a million-word article quadratic (50 s, where its recognition took 8)."""

from __future__ import annotations

from reader.entities import link
from reader.entities.recognize import Recognizer
from support.work import invented_word, lines_run

_LINKER = link.__file__

# Invented news paragraphs: every {field} is a new name in each copy.
_PARAGRAPHS = (
    "Anna {surname}, a senior fellow at the {org} Research Institute, said on Monday that the talks had stalled.",
    "{surname} said the {org} Research Institute of {place} would publish its findings next week.",
    "The {org} Research Institute declined to comment, and {surname} added that contacts continued.",
)


def _article(copies: int) -> str:
    paragraphs = ["Talks stall"]
    for copy in range(copies):
        names = {
            "surname": invented_word(copy, "ov"),
            "org": invented_word(copy, "ek"),
            "place": invented_word(copy, "ia"),
        }
        paragraphs.extend(paragraph.format(**names) for paragraph in _PARAGRAPHS)
    return "\n\n".join(paragraphs) + "\n"


def _lines_linking(mentions, gazetteer) -> int:
    lines, _ = lines_run(lambda file: file == _LINKER, lambda: link.link([mentions], gazetteer))
    return lines


def test_linking_one_article_grows_with_its_length(gazetteer):
    recognizer = Recognizer(gazetteer)
    found = [recognizer.recognize(_article(copies), (), "2024-05-01") for copies in (40, 200)]
    small, large = (_lines_linking(mentions, gazetteer) for mentions in found)
    assert len(found[1]) >= 4.5 * len(found[0]) and len(found[0]) >= 200  # names found at both sizes
    assert large <= 6 * small, (small, large)
    # And the surnames are the people the article names in full.
    people = {m.entity for m in found[1] if m.type == "PERSON"}
    assert "Anna " + invented_word(7, "ov") in people and invented_word(7, "ov") not in people
