"""Articles + entities → a corpus you can search and walk, mention by mention.

`Corpus` is what the CLI and the app talk to: the article list, each article's mentions,
the entity table, fuzzy search over entity names and aliases (and article titles), and the
corpus order of an entity's mentions for next / previous. Fuzzy scores rank results only;
which mentions belong to an entity was settled by linking.
"""

from __future__ import annotations

import bisect
import heapq
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from reader.articles import Article, Problem, load_articles
from reader.entities.gazetteer import Gazetteer, load_gazetteer
from reader.entities.link import link
from reader.entities.model import Entity, Mention
from reader.entities.normalize import search_form

Progress = Callable[[int, int], None]

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
    `Corpus.search` computes the same score for a whole shortlist at once."""
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
    return {choice: score for choice, score, _ in
            process.extract(query, list(dict.fromkeys(choices)), scorer=scorer, limit=None, score_cutoff=cutoff)}


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


class _WordIndex:
    """Texts (search forms) by the words they hold, for shortlisting what a query can match."""

    def __init__(self, texts: list[str]) -> None:
        by_word: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            for word in set(text.split()):
                by_word.setdefault(word, []).append(index)
        self.by_word = by_word
        self.vocabulary = sorted(by_word)
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
        found = [w for w, _, _ in process.extract(word, vocabulary, scorer=fuzz.ratio, limit=SHORTLIST_WORDS,
                                                  score_cutoff=WORD_CUTOFF)]
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


@dataclass(slots=True)
class EntityHit:
    entity: Entity
    score: float
    matched: str  # the name or alias that matched best, as written


@dataclass(slots=True)
class ArticleHit:
    article: int
    score: float


@dataclass(slots=True)
class Position:
    """A mention located in the corpus."""

    article: int
    index: int  # into corpus.mentions[article]
    mention: Mention
    ordinal: int  # 1-based place among the entity's mentions
    total: int
    wrapped: bool = False


@dataclass(eq=False)
class Corpus:
    """`mentions[i]` are article i's mentions in offset order: a list, or a `StoredMentions` that
    reads them from the index cache when first asked for."""

    articles: list[Article]
    mentions: Sequence[list[Mention]]
    entities: dict[str, Entity]
    problems: list[Problem] = field(default_factory=list)
    gazetteer: Gazetteer | None = field(default=None, repr=False)
    # The key of the stored snapshot this corpus is (see reader.stored_corpus), if any.
    key: str = ""
    _step_keys: dict[str, list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _search_ready: bool = field(default=False, repr=False)
    _search_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _remembered: _Remembered = field(default_factory=_Remembered, repr=False)

    # ------------------------------------------------------------ building

    @classmethod
    def build(cls, articles: list[Article], gazetteer: Gazetteer | None = None,
              problems: Iterable[Problem] = (), progress: Progress | None = None) -> Corpus:
        gazetteer = gazetteer or load_gazetteer()
        from reader.entities.recognize import Recognizer  # here: loading a stored corpus needs no recogniser

        recognizer = Recognizer(gazetteer)
        documents = []
        for number, article in enumerate(articles, 1):
            documents.append(recognizer.recognize(article.safe, article.debris, article.date))
            if progress:
                progress(number, len(articles))
        return cls.from_mentions(articles, documents, gazetteer, problems)

    @classmethod
    def from_mentions(cls, articles: list[Article], documents: list[list[Mention]], gazetteer: Gazetteer,
                      problems: Iterable[Problem] = ()) -> Corpus:
        """A corpus from recognised (not yet linked) mentions, e.g. restored from the cache."""
        entities = link(documents, gazetteer)
        return cls(articles, documents, entities, list(problems), gazetteer=gazetteer)

    @classmethod
    def load(cls, paths: Iterable[Path | str], gazetteer: Gazetteer | None = None,
             progress: Progress | None = None) -> Corpus:
        articles, problems = load_articles(paths)
        return cls.build(articles, gazetteer, problems, progress)

    def close(self) -> None:
        """Let go of the index cache (a stored corpus reads from it until then)."""
        close = getattr(self.mentions, "close", None)
        if close is not None:
            close()

    def prepare_search(self) -> None:
        """Build the search tables (once; the first search does it if nobody did before). The app
        calls this in a worker right after loading, so start-up does not wait for it."""
        with self._search_lock:
            if not self._search_ready:
                self._prepare_search(self.gazetteer)
                self._search_ready = True

    @property
    def aliases(self) -> list[str]:
        """The de-duplicated search forms of every entity name and alias."""
        self.prepare_search()
        return self._choices

    def _prepare_search(self, gazetteer: Gazetteer | None) -> None:
        by_form: dict[str, dict[str, str]] = {}
        for entity in self.entities.values():
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
        self._choices = list(by_form)
        self._choice_words = [tuple(choice.split()) for choice in self._choices]
        self._choice_runs: dict[int, dict[int, list[str]]] = {}
        self._choice_entities = [list(owners.items()) for owners in by_form.values()]
        # Titles are searched once per distinct title (syndicated stories share theirs).
        by_title: dict[str, list[int]] = {}
        for index, article in enumerate(self.articles):
            by_title.setdefault(search_form(article.title), []).append(index)
        self._titles = list(by_title)
        self._title_articles = list(by_title.values())
        # Inverted indexes from words to names (and to titles): a keystroke looks at the words
        # (far fewer than the names, and growing slower), then scores only what holds a similar word.
        self._name_words = _WordIndex(self._choices)
        self._title_words = _WordIndex(self._titles)

    # ------------------------------------------------------------ search

    def search(self, query: str, limit: int = 20) -> list[EntityHit]:
        """Entities whose name or an alias matches `query`, best first."""
        form = search_form(query)[:200]
        if not form:
            return []
        self.prepare_search()
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
        choices = [self._choices[index] for index in indexes]
        width = len(form.split())
        runs = self._runs(indexes, width)
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
        choice_words = self._choice_words
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
            if starts:
                for word in choice_words[index]:
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
        return [EntityHit(entities[name], min(score, 100.0), surface)
                for name, (score, _, surface) in ranked[:limit]]

    def _runs(self, indexes: list[int], width: int) -> list[Sequence[str]]:
        """Each name's runs of `width` words (kept per width: the same names come back as you type)."""
        if width == 1:
            return [self._choice_words[index] for index in indexes]
        kept = self._choice_runs.setdefault(width, {}) if width <= 4 else {}
        found = []
        for index in indexes:
            runs = kept.get(index)
            if runs is None:
                words = self._choice_words[index]
                runs = kept[index] = [" ".join(words[at : at + width]) for at in range(len(words) - width + 1)]
            found.append(runs)
        return found

    def search_titles(self, query: str, limit: int = 10) -> list[ArticleHit]:
        form = search_form(query)[:200]
        if not form:
            return []
        self.prepare_search()
        key = ("titles", form, limit)
        found = self._remembered.get(key)
        if found is None:
            found = self._search_titles(form, limit)
            self._remembered.put(key, found)
        return found

    def _search_titles(self, form: str, limit: int) -> list[ArticleHit]:
        titles = self._titles
        longest = _TITLE_LENGTH_RATIO * len(form)
        shortest = len(form) / _TITLE_LENGTH_RATIO
        shortlist = sorted(index for index in self._title_words.shortlist(form, per_word=None)
                           if shortest <= len(titles[index]) <= longest)
        scored = process.extract(form, [titles[index] for index in shortlist], scorer=fuzz.WRatio, limit=None,
                                 score_cutoff=TITLE_CUTOFF)
        # Best first; equal scores in article order (as rapidfuzz orders them).
        hits = heapq.nsmallest(limit, ((-score, article) for _, score, at in scored
                                       for article in self._title_articles[shortlist[at]]))
        return [ArticleHit(article, -score) for score, article in hits]

    # ------------------------------------------------------------ navigation

    def occurrences(self, entity: str) -> list[tuple[int, int]]:
        found = self.entities.get(entity)
        return found.occurrences if found else []

    def position(self, entity: str, article: int, index: int, wrapped: bool = False) -> Position:
        places = self.occurrences(entity)
        ordinal = bisect.bisect_left(places, (article, index)) + 1
        return Position(article, index, self.mentions[article][index], ordinal, len(places), wrapped)

    def first_mention(self, entity: str, article: int | None = None) -> Position | None:
        """The entity's first mention in `article`, else its first mention anywhere."""
        places = self.occurrences(entity)
        if not places:
            return None
        if article is not None:
            at = bisect.bisect_left(places, (article, 0))
            if at < len(places) and places[at][0] == article:
                return self.position(entity, *places[at])
        return self.position(entity, *places[0])

    def step(self, entity: str, article: int, offset: int, forward: bool = True) -> Position | None:
        """The next (or previous) mention of `entity` after (before) `offset` in `article`,
        continuing through the following articles and wrapping around the ends."""
        places = self.occurrences(entity)
        if not places:
            return None
        keys = self._step_keys.get(entity)
        if keys is None:  # built once per entity: a press of `n` is then a binary search
            keys = self._step_keys[entity] = [(a, self.mentions[a][i].start) for a, i in places]
        if forward:
            at = bisect.bisect_right(keys, (article, offset))
            wrapped = at == len(places)
            target = places[0 if wrapped else at]
        else:
            at = bisect.bisect_left(keys, (article, offset)) - 1
            wrapped = at < 0
            target = places[-1 if wrapped else at]
        return self.position(entity, *target, wrapped=wrapped)

    def set_step_keys(self, entity: str, keys: list[tuple[int, int]]) -> None:
        """(article, start offset) of each of the entity's mentions, when already known."""
        self._step_keys[entity] = keys

    def mention_at(self, article: int, offset: int) -> int | None:
        """Index of the mention of `article` that covers `offset`."""
        mentions = self.mentions[article]
        at = bisect.bisect_right([m.start for m in mentions], offset) - 1
        if at >= 0 and mentions[at].start <= offset < mentions[at].end:
            return at
        return None

    # ------------------------------------------------------------ summaries

    def sources_of(self, entity: str) -> dict[int, int]:
        """Mention counts per article index."""
        counts: dict[int, int] = {}
        for article, _ in self.occurrences(entity):
            counts[article] = counts.get(article, 0) + 1
        return counts

    @property
    def words(self) -> int:
        return sum(a.words for a in self.articles)
