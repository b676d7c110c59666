"""What linking settles article by article gives what the quadratic scans it replaced gave (kept
here as the references), on any article: the person a surname alone names (`_Bearers`), and the
longer name an organisation's name begins (`_longer_names`)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.entities import link
from reader.entities.model import Mention
from reader.entities.normalize import identity_key

# Full names sharing family and first names, East Asian order, a particle, one word alone.
NAMES = ["Li Hui", "Li Zhanshu", "Hui Li", "Ana de Souza", "Lula da Silva", "Kim Jong Un", "Kim", "Souza", ""]
SURNAMES = ["Li", "Hui", "Souza", "Kim", "Un", "Silva", "Ana", "Zhanshu"]


def _scan(mentions: list[Mention], index: int, corpus_people: dict[str, set[str]]) -> str:
    """The scan `_Bearers` replaced, as it was."""
    key = identity_key(mentions[index].key)
    for at in (range(index - 1, -1, -1), range(index + 1, len(mentions))):
        for other_index in at:
            other = mentions[other_index]
            if other.type == "PERSON" and other.entity and key in link._family_names(other.entity):
                return other.entity
    called: set[str] = set()
    for other in mentions:
        if other.type == "PERSON" and other.entity and link._first_name(other.entity) == key:
            called.add(other.entity)
    if len(called) == 1:
        return called.pop()
    people = corpus_people.get(key, set())
    return next(iter(people)) if len(people) == 1 else ""


def _article(rows: list[tuple[str, str, str, bool]]) -> list[Mention]:
    return [
        Mention(start=n, end=n + 1, text=key or "x", type=kind, key=key or "x", entity=entity)
        for n, (kind, key, entity, _) in enumerate(rows)
    ]


# (type, key, entity before linking, whether it is a surname the linker resolves)
mention_rows = st.lists(
    st.tuples(
        st.sampled_from(["PERSON", "PERSON", "ORG"]),
        st.sampled_from(SURNAMES + NAMES),
        st.sampled_from(NAMES),
        st.booleans(),
    ),
    max_size=16,
)


@settings(max_examples=500, deadline=None)
@example(rows=[("PERSON", "Li", "Li Hui", True), ("PERSON", "Li Zhanshu", "Li Zhanshu", False)], corpus={})
@example(rows=[("PERSON", "Li", "", True), ("PERSON", "Li", "", True), ("PERSON", "x", "Li Hui", False)], corpus={})
@given(rows=mention_rows, corpus=st.sampled_from([{}, {"li": {"Li Peng"}}]))
def test_each_surname_names_whom_the_scan_named(rows, corpus):
    surnames = [index for index, row in enumerate(rows) if row[3]]
    scanned, indexed = _article(rows), _article(rows)
    for index in surnames:  # the linker's order: each surname named before the next is looked at
        scanned[index].entity = _scan(scanned, index, corpus) or scanned[index].key
    bearers = link._Bearers(indexed)
    for index in surnames:
        found = bearers.resolve(index, identity_key(indexed[index].key), corpus)
        bearers.rename(index, found or indexed[index].key)
    assert [m.entity for m in indexed] == [m.entity for m in scanned]


def _longest_scan(organisations: list[Mention], mention: Mention) -> str | None:
    """The comparison of every organisation with every other that `_longer_names` replaced."""
    longer = [
        other
        for other in organisations
        if other.text.startswith(mention.text + " ") and link._continues_name(other.text[len(mention.text) + 1 :])
    ]
    return max(longer, key=lambda other: len(other.text)).entity if longer else None


ORG_NAMES = [
    "Port Authority",
    "Port Authority of New York",
    "Port Authority of New Jersey",
    "Port Authority of Cape Cod",  # as long as "… of New York": the earlier one wins
    "Port Authority Trans",
    "Port Authority Police Department",
    "Selective Service",
    "Selective Service System",
    "Harvard University",
    "Harvard University Press",
    "Port",
]


@settings(max_examples=300, deadline=None)
@example(texts=[("Port Authority", 0), ("Port Authority of Cape Cod", 1), ("Port Authority of New York", 2)])
@given(texts=st.lists(st.tuples(st.sampled_from(ORG_NAMES), st.integers(0, 3)), max_size=16))
def test_each_organisation_takes_the_longer_name_the_scan_gave(texts):
    organisations = [
        Mention(start=n, end=n + 1, text=text, type="ORG", key=text, entity=f"{text} #{variant}")
        for n, (text, variant) in enumerate(texts)
    ]
    longer = link._longer_names(organisations)
    assert [longer.get(m.text) for m in organisations] == [_longest_scan(organisations, m) for m in organisations]
