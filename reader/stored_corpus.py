"""A linked corpus kept in the index cache, and read back piece by piece.

Linking needs every mention of every article (a surname can resolve to a person named in
another article), so its result belongs to the whole corpus. After linking, `save` stores it
as a snapshot under `snapshot_key`: the entity table, each article's linked mentions and each
entity's occurrences. The next start on the same files calls `restore`, which reads only the
entity table; `corpus.mentions[i]` reads article i's mentions when it is opened, and an
entity's `occurrences` are read when a jump or a count needs them. That is what keeps a warm
start on 10,000 articles at a fraction of a second and a few tens of megabytes.

Reads go through one connection guarded by a lock (the app reads from its UI thread and
from workers). If the snapshot disappears under a running reader (the cache deleted or
damaged), reads raise `CorpusUnavailable`, and the app reloads.
"""

from __future__ import annotations

import hashlib
import json
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from sys import intern

from reader.articles import Article, Problem
from reader.cache import ENGINE_VERSION, Cache, CacheCorrupt, CacheUnavailable, Snapshot
from reader.entities.gazetteer import Gazetteer
from reader.entities.model import Entity, Mention, recognised_rows

# Articles whose mentions stay in memory once read (an article is a few hundred mentions).
MENTION_CACHE = 256
# What linking is made of: a change to any of these makes every snapshot stale.
_LINK_SOURCES = ("entities/link.py", "entities/model.py", "entities/normalize.py", "entities/name_order.py",
                 "stored_corpus.py")


class CorpusUnavailable(Exception):
    """The stored corpus cannot be read any more; the message says why."""


def _link_version() -> str:
    digest = hashlib.blake2b(ENGINE_VERSION.encode(), digest_size=8)
    package = Path(__file__).resolve().parent
    for name in _LINK_SOURCES:
        try:
            digest.update((package / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


LINK_VERSION = _link_version()


def snapshot_key(gazetteer_key: str, files: Iterable[tuple[str, str, str]]) -> str:
    """The key of a corpus: the engine, the gazetteer, and (absolute path, content hash, sidecar
    metadata) of each article in corpus order."""
    digest = hashlib.blake2b(f"{LINK_VERSION}\n{gazetteer_key}\n".encode(), digest_size=16)
    for path, content, sidecar in files:
        digest.update(f"{path}\0{content}\0{sidecar}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# ---------------------------------------------------------------- saving

def roots_key(paths: Iterable[str], gazetteer_key: str) -> str:
    """Which opened paths a start was for (the `starts` table: what they showed last)."""
    digest = hashlib.blake2b(f"{LINK_VERSION}\n{gazetteer_key}\n".encode(), digest_size=16)
    for path in sorted(paths):
        digest.update(f"{path}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def save(cache: Cache, key: str, mentions: Sequence[list[Mention]], entities: dict[str, Entity],
         manifest: list, records: Sequence[str | None] = ()) -> int:
    """Store a linked corpus under `key`, with `manifest` ([path, article record] per article);
    returns the snapshot's id. Raises what Cache raises.

    `records[i]`, when given, is the JSON the indexer already holds of article i's mentions as
    recognised ([start, end, text, type, key, rule, generic, instance] rows): it is stored as
    it is, and only what linking added is written beside it. Encoding every mention again was
    a third of the time between the last file read and a stored corpus."""
    numbers = {name: number for number, name in enumerate(entities)}
    table = [[e.name, e.type, sorted(e.aliases), e.count, e.article_count] for e in entities.values()]
    # One pass over the mentions makes both the articles' rows and the entities' places:
    # (article, mention index, start offset) triples, which `Corpus.step` bisects on (article,
    # start) without reading the mentions of every article the entity is in. The mentions come
    # in article and offset order, the order of every entity's occurrences.
    places = [array("I") for _ in numbers]
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    articles = []
    for article, doc in enumerate(mentions):
        linked = []
        instances = []
        for index, mention in enumerate(doc):
            number = numbers[mention.entity]
            linked.append(number)
            places[number].extend((article, index, mention.start))
            if mention.instance:
                instances.append([index, mention.instance])
        recognised = records[article] if article < len(records) else None
        if recognised is None:  # its instances are the linked ones here, which the third part restores
            recognised = encode(recognised_rows(doc))
        # [recognised rows, entity number of each, [index, instance] where linking named one].
        articles.append(f"[{recognised},[{','.join(map(str, linked))}],{encode(instances)}]")
    return cache.put_snapshot(key, table, articles, (p.tobytes() for p in places),
                              sum(len(doc) for doc in mentions), manifest)


# ---------------------------------------------------------------- restoring

class _SnapshotReader:
    """One snapshot's rows, read on demand through a shared connection."""

    def __init__(self, cache: Cache, snapshot: Snapshot) -> None:
        self.cache = cache
        self.snapshot = snapshot
        self.names = [row[0] for row in snapshot.entities]
        self.lock = threading.Lock()

    def damaged(self, why: str) -> CorpusUnavailable:
        """Drop this snapshot (a start that finds it again would read the same damage) and say so."""
        with self.lock:
            self.cache.drop_snapshot(self.snapshot.id)
        return CorpusUnavailable(f"the index cache is damaged ({why}); run the reader again to rebuild it")

    def _parse(self, text: str) -> list[Mention]:
        names = self.names
        try:
            # Interned, as in a fresh index: the same names and labels recur across articles.
            records, linked, instances = json.loads(text)
            if len(records) != len(linked):
                raise ValueError("mentions and their entities differ in number")
            mentions = [Mention(start, end, intern(surface), intern(kind), intern(key), names[entity], "", generic,
                                intern(rule))
                        for (start, end, surface, kind, key, rule, generic, _), entity in zip(records, linked)]
            for index, instance in instances:
                mentions[index].instance = instance
            return mentions
        except (ValueError, TypeError, IndexError) as exc:
            raise self.damaged(str(exc)) from None

    def mentions(self, article: int) -> list[Mention]:
        try:
            with self.lock:
                text = self.cache.snapshot_mentions(self.snapshot.id, article)
        except (CacheCorrupt, CacheUnavailable) as exc:
            raise CorpusUnavailable(str(exc)) from None
        return self._parse(text)

    def all_mentions(self) -> Iterator[list[Mention]]:
        try:
            with self.lock:
                texts = list(self.cache.iter_snapshot_mentions(self.snapshot.id))
        except (CacheCorrupt, CacheUnavailable) as exc:
            raise CorpusUnavailable(str(exc)) from None
        if len(texts) != self.snapshot.articles:
            with self.lock:
                self.cache.drop_snapshot(self.snapshot.id)  # when only some rows are gone
            raise CorpusUnavailable("the index snapshot in use was removed")
        for text in texts:
            yield self._parse(text)

    def occurrences(self, number: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """An entity's (article, mention index) pairs, and its (article, start offset) pairs."""
        try:
            with self.lock:
                data = self.cache.snapshot_occurrences(self.snapshot.id, number)
        except (CacheCorrupt, CacheUnavailable) as exc:
            raise CorpusUnavailable(str(exc)) from None
        values = array("I")
        try:
            values.frombytes(data)
        except (ValueError, TypeError) as exc:
            raise self.damaged(str(exc)) from None
        if len(values) % 3:
            raise self.damaged(f"entity {number}'s places are cut short")
        articles = values[0::3]
        return list(zip(articles, values[1::3])), list(zip(articles, values[2::3]))


class StoredMentions(Sequence):
    """`corpus.mentions` of a restored corpus: article i's linked mentions, read when first asked
    for and kept for the MENTION_CACHE most recently used articles."""

    def __init__(self, reader: _SnapshotReader) -> None:
        self._reader = reader
        self._recent: OrderedDict[int, list[Mention]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._reader.snapshot.articles

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        with self._lock:
            found = self._recent.get(index)
            if found is not None:
                self._recent.move_to_end(index)
                return found
        found = self._reader.mentions(index)
        with self._lock:
            self._recent[index] = found
            if len(self._recent) > MENTION_CACHE:
                self._recent.popitem(last=False)
        return found

    def __iter__(self) -> Iterator[list[Mention]]:
        # Every article at once (`reader entities`): one query, without filling the cache.
        return self._reader.all_mentions()

    def close(self) -> None:
        with self._reader.lock:
            self._reader.cache.close()


def restore(cache: Cache, snapshot: Snapshot, articles: list[Article], gazetteer: Gazetteer,
            problems: Iterable[Problem] = ()):
    """The corpus stored in `snapshot`, over `articles` (restored from the same files)."""
    from reader.index import Corpus

    reader = _SnapshotReader(cache, snapshot)
    if snapshot.articles != len(articles):
        raise reader.damaged("the snapshot does not match the articles")
    corpus = Corpus(articles, StoredMentions(reader), {}, list(problems), gazetteer=gazetteer, key=snapshot.key)

    def load_occurrences(entity: Entity, number: int) -> list[tuple[int, int]]:
        places, keys = reader.occurrences(number)
        corpus.set_step_keys(entity.name, keys)
        return places

    try:
        for number, (name, kind, aliases, count, article_count) in enumerate(snapshot.entities):
            corpus.entities[name] = Entity(name, kind, set(aliases), count=count, article_count=article_count,
                                           load_occurrences=lambda entity, number=number: load_occurrences(entity, number))
    except (ValueError, TypeError) as exc:
        raise reader.damaged(str(exc)) from None
    return corpus
