"""Fuzzy search over a corpus's entity names and aliases, and over its article titles.

Scores rank results only; which mentions belong to an entity was settled by linking. A
keystroke looks at the words of the names (far fewer than the names), shortlists what holds a
similar word, and scores the shortlist in one rapidfuzz call per scorer.
"""

from __future__ import annotations

import bisect
import heapq
import threading
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, overload

from rapidfuzz import fuzz, process

from reader.entities.normalize import search_form

if TYPE_CHECKING:  # `reader search` answers without the recogniser and the article model
    from reader.entities.gazetteer import Gazetteer
    from reader.entities.model import Entity
    from reader.ingest.article import Article

# Below this, the best entity is no close match ("erdogan" in a corpus without him gave
# European, Georgian and Larry Hogan at 60-75): the app says so and the CLI exits 1.
CLOSE_MATCH = 80.0
# Results below this score are noise ("xq" matches half the alias table at 45).
MIN_SCORE = 60.0
# How wide a keystroke looks: the most similar words per query word, and names per word.
SHORTLIST_WORDS = 40
WORD_CUTOFF = 50.0
SHORTLIST_NAMES_PER_WORD = 60
# Article titles reach the search bar at this WRatio.
TITLE_CUTOFF = 70.0
# WRatio weighs a partial match by 0.6 when one string is more than 8 times longer than the
# other, and the whole-string ratio is then below 23: such a title never reaches TITLE_CUTOFF.
_TITLE_LENGTH_RATIO = 8.0
# Below this WRatio, 0.85 × WRatio is below MIN_SCORE (with room for rounding): not computed.
_WRATIO_FLOOR = 70.5
# Queries remembered per corpus with their results (typing back over a query, retyping it).
_REMEMBERED = 256


def rank_score(query: str, choice: str) -> float:
    """0–100: the query against the whole choice, against runs of as many of its words, and as a
    prefix of one of its words (what you have typed so far); a substring inside a word counts less.
    `SearchIndex.search` computes the same score for a whole shortlist at once."""
    words = choice.split()
    width = len(query.split())
    score = fuzz.ratio(query, choice)
    for at in range(len(words) - width + 1):
        score = max(score, fuzz.ratio(query, " ".join(words[at : at + width])))
    if len(query) >= 2:
        for word in words:
            if word.startswith(query):
                score = max(score, 90 + 10 * len(query) / len(word))
    return max(score, 0.85 * fuzz.WRatio(query, choice))


def _scores(query: str, choices: Iterable[str], scorer, cutoff: float | None = None) -> dict[str, float]:
    """`scorer(query, choice)` for each distinct choice, in one call into rapidfuzz (C); with
    `cutoff`, the choices scoring below it are left out."""
    return {
        choice: score
        for choice, score, _ in process.extract(
            query, list(dict.fromkeys(choices)), scorer=scorer, limit=None, score_cutoff=cutoff
        )
    }


class _Remembered:
    """The last few queries' results (bounded; safe to share between threads)."""

    def __init__(self, size: int = _REMEMBERED) -> None:
        self.size = size
        self.results: dict[tuple, list] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple) -> list | None:
        with self.lock:
            found = self.results.get(key)
            return list(found) if found is not None else None

    def put(self, key: tuple, results: list) -> None:
        with self.lock:
            if len(self.results) >= self.size:
                del self.results[next(iter(self.results))]  # the oldest
            self.results[key] = list(results)


def words_index(texts: Iterable[str]) -> dict[str, list[int]]:
    """The indexes of the texts holding each word, in text order."""
    return split_words_index(text.split() for text in texts)


def split_words_index(texts: Iterable[Sequence[str]]) -> dict[str, list[int]]:
    """`words_index` of texts already split into their words."""
    by_word: dict[str, list[int]] = {}
    for index, words in enumerate(texts):
        for word in set(words):
            by_word.setdefault(word, []).append(index)
    return by_word


class _WordIndex:
    """Texts (search forms) by the words they hold, for shortlisting what a query can match;
    `by_word` may be a mapping that reads them from the index cache, with `vocabulary` its
    sorted words."""

    def __init__(self, texts: list[str], by_word: Mapping[str, Sequence[int]] | None = None, vocabulary=None) -> None:
        if by_word is None:
            by_word = words_index(texts)
        self.by_word = by_word
        self.vocabulary: list[str] = sorted(by_word) if vocabulary is None else vocabulary
        # Each query word's similar words, kept: typing "shangai co" looks "shangai" up once.
        self._similar: dict[str, list[str]] = {}
        self._similar_lock = threading.Lock()

    def similar(self, word: str) -> list[str]:
        """The vocabulary words that `word` starts, or resembles (`ratio`, in C)."""
        with self._similar_lock:
            found = self._similar.get(word)
        if found is not None:
            return found
        vocabulary = self.vocabulary
        found = [
            w
            for w, _, _ in process.extract(
                word, vocabulary, scorer=fuzz.ratio, limit=SHORTLIST_WORDS, score_cutoff=WORD_CUTOFF
            )
        ]
        at = bisect.bisect_left(vocabulary, word)
        while at < len(vocabulary) and vocabulary[at].startswith(word) and len(found) < 2 * SHORTLIST_WORDS:
            found.append(vocabulary[at])
            at += 1
        with self._similar_lock:
            if len(self._similar) >= 4 * _REMEMBERED:
                self._similar.clear()
            self._similar[word] = found
        return found

    def shortlist(self, form: str, per_word: int | None) -> set[int]:
        """Texts holding a word that a query word starts, or resembles; at most `per_word`
        texts per matching word."""
        found: set[int] = set()
        for word in set(form.split()):
            for match in self.similar(word):
                found.update(self.by_word[match][:per_word])
        return found


class EntityHit(NamedTuple):
    entity: Entity
    score: float
    matched: str  # the name or alias that matched best, as written


class ArticleHit(NamedTuple):
    article: int
    score: float


SearchForms = list[tuple[str, list[tuple[str, str]]]]
# What the search tables are made from: search forms with their owners, read once in order (a
# `SearchForms`, or a stored table decoded form by form).
FormRows = Iterable[tuple[str, Iterable[tuple[str, str]]]]


def search_forms(entities: dict[str, Entity], gazetteer: Gazetteer | None) -> SearchForms:
    """Each distinct search form of the entities' names and aliases (and the gazetteer's
    spellings of a listed entity), with (entity name, the name or alias as written) of each
    entity it is a form of: the table `SearchIndex` searches, which the index cache keeps."""
    by_form: dict[str, dict[str, str]] = {}
    for entity in entities.values():
        # In a fixed order (not a set's, which differs from one process to the next): the
        # name first, so it is the surface shown when an alias has the same search form.
        names = [entity.name, *sorted(entity.aliases)]
        listed = gazetteer.lookup(entity.name) if gazetteer is not None else None
        if listed is not None and listed.name == entity.name:
            names.extend(listed.surfaces)
        for name in names:
            form = search_form(name)
            if form:
                by_form.setdefault(form, {}).setdefault(entity.name, name)
    return [(form, list(owners.items())) for form, owners in by_form.items()]


_CHUNK_BITS = 12  # forms per text of `_Forms`: 4,096
# Names whose words (or runs of words) a search keeps, per run width: a few queries' shortlists.
_KEPT_RUNS = 20_000


class _Forms(Sequence[str]):
    """The search forms, as texts of 4,096 forms each and each form's end in its text: a large
    corpus has over 100,000, and a string object each was most of its search tables' memory (a
    text of its own per chunk: one form outside Latin-1 widens only its chunk)."""

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._ends = array("I")
        self._part: list[str] = []
        self._length = 0

    def append(self, form: str) -> None:
        self._length += len(form)
        self._ends.append(self._length)
        self._part.append(form)
        if len(self._part) == 1 << _CHUNK_BITS:
            self._texts.append("".join(self._part))
            self._part, self._length = [], 0

    def close(self) -> None:
        """No more forms: the last chunk is made a text too."""
        if self._part:
            self._texts.append("".join(self._part))
            self._part, self._length = [], 0

    def __len__(self) -> int:
        return len(self._ends)

    def take(self, indexes: list[int]) -> list[str]:
        """The forms at these indexes (one call for a keystroke's shortlist)."""
        texts, ends, mask = self._texts, self._ends, (1 << _CHUNK_BITS) - 1
        return [texts[at >> _CHUNK_BITS][ends[at - 1] if at & mask else 0 : ends[at]] for at in indexes]

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        end = self._ends[index]  # raises IndexError past either end
        if index < 0:
            index += len(self._ends)
        start = self._ends[index - 1] if index & ((1 << _CHUNK_BITS) - 1) else 0
        return self._texts[index >> _CHUNK_BITS][start:end]


class _Owners(Sequence[list[tuple[str, str]]]):
    """(entity name, the name or alias as written) of each form's entities, as entity numbers
    and one surface each (the entity's own name object when the surface is its name, as it
    mostly is), not a list of tuples per form."""

    def __init__(self, names: list[str]) -> None:
        self._names = names
        self._starts = array("I", [0])
        self._entities = array("I")
        self._surfaces: list[str] = []

    def add(self, owners: list[tuple[int, str]]) -> None:
        """The next form's owners, as (entity number, surface)."""
        names = self._names
        for number, surface in owners:
            self._entities.append(number)
            name = names[number]
            self._surfaces.append(name if surface == name else surface)
        self._starts.append(len(self._entities))

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> list[tuple[str, str]]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[tuple[str, str]]]: ...
    def __getitem__(self, index: int | slice) -> list[tuple[str, str]] | list[list[tuple[str, str]]]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        starts = self._starts
        if index < 0:
            index += len(starts) - 1
        if not 0 <= index < len(starts) - 1:
            raise IndexError(index)
        start, end = starts[index], starts[index + 1]
        names, entities, surfaces = self._names, self._entities, self._surfaces
        if end == start + 1:  # most forms: one entity's
            return [(names[entities[start]], surfaces[start])]
        return [(names[entities[at]], surfaces[at]) for at in range(start, end)]


def _name_tables(forms: FormRows, entities: dict[str, Entity]) -> tuple[_Forms, _Owners, dict[str, array[int]]]:
    """The forms, their owners and the word index of `forms`, read once (a stored table may be
    decoded form by form as it is read). Raises ValueError for a form that is not text or an
    owner that is not one of `entities` (a damaged stored table)."""
    names = list(entities)
    numbers = {name: number for number, name in enumerate(names)}
    surfaces: dict[str, str] = {}  # one string per distinct surface
    table = _Forms()
    owners = _Owners(names)
    by_word: dict[str, array[int]] = {}
    for index, (form, held) in enumerate(forms):
        if type(form) is not str or not form:
            raise ValueError(f"a search form that is not text: {form!r}")
        table.append(form)
        for word in set(form.split()):
            found = by_word.get(word)
            if found is None:
                found = by_word[word] = array("I")
            found.append(index)
        kept = []
        for name, surface in held:
            number = numbers.get(name) if type(name) is str else None
            if number is None or type(surface) is not str:
                raise ValueError(f"a search form's owner that is not an entity: {name!r}")
            kept.append((number, surfaces.setdefault(surface, surface)))
        owners.add(kept)
    table.close()
    return table, owners, by_word


class SearchIndex:
    """The search tables of one corpus: names and aliases by search form, titles by distinct
    title, and the word indexes that shortlist them. Built once per corpus (`Corpus.prepare_search`),
    from `forms` when the index cache kept them (any iterable: read once, as it goes). Raises
    ValueError when `forms` holds what no search table can (a damaged stored table)."""

    def __init__(
        self,
        entities: dict[str, Entity],
        articles: list[Article],
        gazetteer: Gazetteer | None,
        forms: FormRows | None = None,
    ) -> None:
        self.entities = entities
        self._remembered = _Remembered()
        if forms is None:
            forms = search_forms(entities, gazetteer)
        # An inverted index from words to names (and one to titles): a keystroke looks at the words
        # (far fewer than the names, and growing slower), then scores only what holds a similar word.
        choices, owners, by_word = _name_tables(forms, entities)
        self._choices = choices
        self._choice_runs: dict[int, dict[int, list[str]]] = {}
        self._choice_entities: Sequence[list[tuple[str, str]]] = owners
        self._name_words = _WordIndex([], by_word)
        # The title tables are made on the first title search: `reader search` never needs them.
        self._articles = articles
        self._title_tables: tuple[list[str], list[list[int]], _WordIndex] | None = None
        self._title_lock = threading.Lock()

    def _titles_by_form(self) -> tuple[list[str], list[list[int]], _WordIndex]:
        """Distinct title search forms, the articles holding each, and their word index."""
        with self._title_lock:
            if self._title_tables is None:
                # Once per distinct title (syndicated stories share theirs, and so their form).
                forms: dict[str, str] = {}
                by_title: dict[str, list[int]] = {}
                for index, article in enumerate(self._articles):
                    title = article.title
                    form = forms.get(title)
                    if form is None:
                        form = forms[title] = search_form(title)
                    by_title.setdefault(form, []).append(index)
                titles = list(by_title)
                self._title_tables = (titles, list(by_title.values()), _WordIndex(titles))
            return self._title_tables

    @property
    def choices(self) -> list[str]:
        """The de-duplicated search forms of every entity name and alias."""
        return list(self._choices)

    def search(self, query: str, limit: int = 20) -> list[EntityHit]:
        """Entities whose name or an alias matches `query`, best first."""
        form = search_form(query)[:200]
        if not form:
            return []
        key = ("entities", form, limit)
        found = self._remembered.get(key)
        if found is None:
            found = self._search(form, limit)
            self._remembered.put(key, found)
        return found

    def _search(self, form: str, limit: int) -> list[EntityHit]:
        # The shortlist is re-ranked by how well the query matches whole words, so "putn" finds
        # "putin" before the substring in "sputnik": `rank_score` for each name, its parts scored
        # for all the shortlist at once (in C).
        indexes = sorted(self._name_words.shortlist(form, per_word=SHORTLIST_NAMES_PER_WORD))
        if not indexes:
            return []
        self._fetch(indexes)
        choices = self._forms_at(indexes)
        width = len(form.split())
        runs = self._runs(indexes, choices, width)
        whole = _scores(form, choices, fuzz.ratio)
        # Scores below MIN_SCORE (weighted: below MIN_SCORE / 0.85) cannot decide a kept result.
        run_scores = _scores(form, (run for held in runs for run in held), fuzz.ratio, MIN_SCORE)
        weighted = _scores(form, choices, fuzz.WRatio, _WRATIO_FLOOR)
        # The words `form` starts (what has been typed so far of a word), with their bonus.
        starts: dict[str, float] = {}
        if len(form) >= 2 and " " not in form:
            vocabulary = self._name_words.vocabulary
            at = bisect.bisect_left(vocabulary, form)
            while at < len(vocabulary) and vocabulary[at].startswith(form):
                starts[vocabulary[at]] = 90 + 10 * len(form) / len(vocabulary[at])
                at += 1
        choice_entities = self._choice_entities
        # entity name → (score with the exact bonus, closeness of the whole name, surface)
        best: dict[str, tuple[float, float, str]] = {}
        for index, choice, choice_runs in zip(indexes, choices, runs):
            closeness = whole.get(choice, 0.0)
            score = closeness
            for run in choice_runs:
                other = run_scores.get(run)
                if other is not None and other > score:
                    score = other
            if starts:  # a query of one word: the runs are the name's words
                for word in choice_runs:
                    other = starts.get(word)
                    if other is not None and other > score:
                        score = other
            other = weighted.get(choice)
            if other is not None and 0.85 * other > score:
                score = 0.85 * other
            if score < MIN_SCORE:
                continue
            if choice == form:
                score += 2.0
            for name, surface in choice_entities[index]:
                hit = best.get(name)
                # Equal scores: the name or alias closer as a whole (what the ranking compares).
                if hit is None or (score, closeness) > hit[:2]:
                    best[name] = (score, closeness, surface)
        # Ties (common with WRatio's partial matching) go to the closer whole string, then to the
        # entity with more mentions: "shangai cooperation" → the organisation, not its summit.
        entities = self.entities
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], -item[1][1], -entities[item[0]].count, item[0]))
        return [EntityHit(entities[name], min(score, 100.0), surface) for name, (score, _, surface) in ranked[:limit]]

    def _fetch(self, indexes: list[int]) -> None:
        """Make the shortlisted names (and their entities) at hand: all are, in memory; a stored
        index reads just these from the cache (see `reader.store.answers`)."""

    def _forms_at(self, indexes: list[int]) -> list[str]:
        """The shortlisted names' search forms."""
        return self._choices.take(indexes)

    def _runs(self, indexes: list[int], choices: list[str], width: int) -> list[Sequence[str]]:
        """Each name's runs of `width` words (kept per width, a bounded number: the same names
        come back as you type)."""
        kept = self._choice_runs.setdefault(width, {}) if width <= 4 else {}
        if len(kept) > _KEPT_RUNS:
            kept.clear()
        found: list[Sequence[str]] = []
        for index, choice in zip(indexes, choices):
            runs = kept.get(index)
            if runs is None:
                words = choice.split()
                runs = kept[index] = (
                    words if width == 1 else [" ".join(words[at : at + width]) for at in range(len(words) - width + 1)]
                )
            found.append(runs)
        return found

    def search_titles(self, query: str, limit: int = 10) -> list[ArticleHit]:
        form = search_form(query)[:200]
        if not form:
            return []
        key = ("titles", form, limit)
        found = self._remembered.get(key)
        if found is None:
            found = self._search_titles(form, limit)
            self._remembered.put(key, found)
        return found

    def _search_titles(self, form: str, limit: int) -> list[ArticleHit]:
        titles, title_articles, title_words = self._titles_by_form()
        longest = _TITLE_LENGTH_RATIO * len(form)
        shortest = len(form) / _TITLE_LENGTH_RATIO
        shortlist = sorted(
            index for index in title_words.shortlist(form, per_word=None) if shortest <= len(titles[index]) <= longest
        )
        scored = process.extract(
            form, [titles[index] for index in shortlist], scorer=fuzz.WRatio, limit=None, score_cutoff=TITLE_CUTOFF
        )
        # Best first; equal scores in article order (as rapidfuzz orders them).
        hits = heapq.nsmallest(
            limit, ((-score, article) for _, score, at in scored for article in title_articles[shortlist[at]])
        )
        return [ArticleHit(article, -score) for score, article in hits]
