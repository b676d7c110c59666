"""The unread markers: `IndexSet` (a byte an article) behaves as a set of ints does, and the state keys they are found by follow the last check of the files."""

from __future__ import annotations

import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from reader.tui.session import IndexSet

NUMBERS = st.integers(min_value=0, max_value=300)


@given(st.lists(st.tuples(st.sampled_from(["add", "discard"]), NUMBERS), max_size=60), st.sets(NUMBERS))
def test_adds_and_discards_leave_what_a_set_would(steps, start):
    marks, model = IndexSet(start), set(start)
    for step, number in steps:
        getattr(marks, step)(number)
        getattr(model, step)(number)
    assert list(marks) == sorted(model)
    assert len(marks) == len(model)
    assert marks == model and model == marks
    assert marks == IndexSet(sorted(model, reverse=True))
    assert all((number in marks) == (number in model) for number in range(-2, 305))


@given(st.lists(st.booleans(), max_size=200))
def test_from_flags_holds_the_numbers_whose_byte_is_one(flags):
    marks = IndexSet.from_flags(bytearray(flags))
    assert list(marks) == [number for number, flag in enumerate(flags) if flag]
    assert len(marks) == sum(flags)


def test_numbers_that_are_not_articles_are_not_members():
    marks = IndexSet([0, 3])
    assert -1 not in marks and 4 not in marks and "3" not in marks and 3.5 not in marks
    assert IndexSet([3]) != IndexSet([3, 4]) and IndexSet([3]) == IndexSet.from_flags(bytearray([0, 0, 0, 1, 0, 0]))


def test_a_hundred_thousand_unread_markers_take_a_byte_each():
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        marks = IndexSet.from_flags(bytearray(1 for _ in range(100_000)))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(marks) == 100_000
    assert held < 200_000  # a set of the same ints: about 6.8 MB


def test_the_unpresumed_state_keys_of_the_last_check_replace_those_before(tmp_path):
    """A symlinked article is marked by its target's state; once a check finds it a plain file
    (no key differs any more), it is marked by its own, and learning says the marks changed."""
    from reader.store.reading_state import ReadingState
    from reader.tui.session import ReadingSession

    (tmp_path / "target.txt").write_text("Target\n\nText.\n", encoding="utf-8")
    plain = str(tmp_path / "plain.txt")
    link = str(tmp_path / "link.txt")
    state = ReadingState(tmp_path / "state.db")
    try:
        state.save_article(str(tmp_path / "target.txt"), "digest", True, 0)
        session = ReadingSession(state, [tmp_path])
        assert list(session.unread([plain, link])) == [0, 1]
        assert session.learn_state_keys({link: str(tmp_path / "target.txt")})
        assert list(session.unread([plain, link])) == [0]
        assert not session.learn_state_keys({link: str(tmp_path / "target.txt")})  # the same again
        assert session.learn_state_keys({})
        assert list(session.unread([plain, link])) == [0, 1]
    finally:
        state.close()
