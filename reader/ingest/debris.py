"""Which parts of an article are page furniture left by scrapers.

Debris is a display property: the reading pane hides these ranges, the raw view shows them,
and no text is ever deleted. The rules are general, not a list of known lines:

- *interface lines*: short lines made only of interface vocabulary ("Accessibility links",
  "Back to top button", "Listen 5 min Comment on this story Comment Gift Article Share",
  "16x9 Image"), with no sentence punctuation at the end;
- *size pickers*: lines of size codes such as "XS", "SM", "MD", "LG";
- *repeated lines*: a line identical to the previous non-blank line (a caption printed twice);
- *promos*: a newsletter pitch inside a paragraph ("Get the … newsletter for updates."),
  with an outlet's first-person lead-in before it and a link icon's name after it.
"""

from __future__ import annotations

import re

# Words that appear in page chrome (navigation, share bars, players, promos, media labels).
INTERFACE_WORDS = frozenset(
    """
    accessibility link links breaking news back top button share shares sharing comment comments
    gift article articles listen listening min mins minute minutes read reading print email mail
    save saved follow following subscribe subscribed subscription sign log login logout newsletter
    newsletters advertisement advertising advert ad ads sponsored skip content contents main menu
    navigation nav search related stories story more update updated updates image images video videos
    photo photos picture pictures gallery audio podcast play pause close open outline copy copied url
    facebook twitter whatsapp linkedin reddit telegram pinterest flipboard messenger home sections
    section topics topic trending popular view views cookies cookie accept privacy policy terms
    settings next previous prev page pages click tap edition toggle expand collapse show hide all
    replies reply like likes feedback report loading font text size small medium large embed
    download app apps bookmark bookmarks caption credit credits getty afp ap reuters fullscreen
    full screen enlarge zoom transcript live blog watch now free trial account premium exclusive
    """.split()
)
# Words that may sit between interface words without making the line prose.
FILLER_WORDS = frozenset(
    "a an and or of on in to the this that for with by your our my us you here now at from".split()
)
SIZE_CODES = frozenset("XS S SM M MD L LG XL XXL XXXL A A+ A- A++".split())

# Font-size buttons ("A-", "A+", "A++") first, so their signs stay part of the token.
_TOKEN = re.compile(r"A(?:\+\+|\+|-)(?![\w+\-])|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+(?:x\d+)?|[A+\-]+")
_SENTENCE_END = re.compile(r"[.?!\"”’:]\s*$")
_BULLET = re.compile(r"^[\s•·*\-–—|>]+")
_MAX_INTERFACE_TOKENS = 14

_PROMO = re.compile(
    r"(?:(?<=[.!?”\"])\s+|^)"  # starts a sentence
    r"(?:(?:We[’']re|We are|We have|We[’']ve)[^.!?\n]{0,200}[.!?]\s+)?"  # an outlet's lead-in
    r"(?:Get|Sign up for|Subscribe to|Receive|Read)\b[^.!?\n]{0,120}\bnewsletters?\b[^.!?\n]{0,80}[.!?]"
    r"(?:\s*(?:Arrow|Chevron|Icon|Caret)[A-Z]?[a-z]*\b)?",  # the link's icon name, printed as text
    re.M,
)


def is_interface_line(line: str) -> bool:
    stripped = _BULLET.sub("", line).strip()
    if not stripped or len(stripped) > 120 or _SENTENCE_END.search(stripped):
        return False
    tokens = _TOKEN.findall(stripped)
    if not tokens or len(tokens) > _MAX_INTERFACE_TOKENS:
        return False
    if all(token in SIZE_CODES for token in tokens):
        return True
    interface = 0
    for token in tokens:
        word = token.lower()
        if word in INTERFACE_WORDS or re.fullmatch(r"\d+x\d+", word):
            interface += 1
        elif not (word in FILLER_WORDS or word.isdigit()):
            return False
    return interface > 0


def find_debris(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Character ranges of `text` (from `start`) that are page furniture, in order."""
    ranges: list[tuple[int, int]] = []
    previous = ""
    position = start
    length = len(text)
    while position < length:
        end = text.find("\n", position)
        if end < 0:
            end = length
        line = text[position:end]
        stripped = line.strip()
        if stripped:
            if is_interface_line(stripped) or (len(stripped) >= 20 and stripped == previous):
                ranges.append((position, end))
            else:
                # The pattern cannot match without the word; testing for it first skips most lines.
                promo = _PROMO.search(line) if "newsletter" in line else None
                if promo:
                    lead = promo.start()
                    while lead < len(line) and line[lead].isspace():
                        lead += 1
                    ranges.append((position + lead, position + promo.end()))
            previous = stripped
        position = end + 1
    return ranges


def visible_ranges(length: int, debris: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The complement of `debris` within [0, length) (ranges past the end count up to it)."""
    result: list[tuple[int, int]] = []
    cursor = 0
    for begin, finish in sorted(debris):
        begin, finish = min(begin, length), min(finish, length)
        if begin > cursor:
            result.append((cursor, begin))
        cursor = max(cursor, finish)
    if cursor < length:
        result.append((cursor, length))
    return result
