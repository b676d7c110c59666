"""`e`: the current article's entities grouped by type; `E`: entities × sources (who covers whom)."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from reader.corpus.corpus import Corpus
from reader.entities.model import ENTITY_TYPES, TYPE_NAMES
from reader.ingest.sanitize import safe_name


class EntityPanel(ModalScreen[str | None]):
    """Choose an entity of this article; the result is its name (or None)."""

    AUTO_FOCUS = "*"  # the app's own choice (the reading pane) is not on this screen
    DEFAULT_CSS = """
    EntityPanel { align: center middle; }
    EntityPanel > Vertical { width: 70; max-width: 100%; height: 80%; border: round $accent; }
    EntityPanel OptionList { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q,e", "dismiss(None)", "Close", id="entities_close")]

    def __init__(self, corpus: Corpus, article: int) -> None:
        super().__init__()
        self.corpus = corpus
        self.article = article

    def compose(self) -> ComposeResult:
        counts = Counter(m.entity for m in self.corpus.mentions[self.article])
        options: list[Option | None] = []
        for kind in ENTITY_TYPES:
            names = sorted((n for n in counts if self.corpus.entities[n].type == kind), key=lambda n: (-counts[n], n))
            if not names:
                continue
            options.append(Option(Text(TYPE_NAMES[kind].capitalize(), style="bold"), disabled=True))
            for name in names:
                label = Text(f"  {safe_name(name)}")
                label.append(f"  {counts[name]}", style="dim")
                options.append(Option(label, id=name))
        with Vertical():
            yield Static(
                Text(f"Entities in: {self.corpus.articles[self.article].title}", no_wrap=True, overflow="ellipsis")
            )
            yield OptionList(*options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


ENTITY_COLUMN = 24
SOURCE_COLUMN = 12


COVERAGE_ROWS = 500


class CoverageScreen(ModalScreen[tuple[str, int] | None]):
    """Entities × sources with mention counts; choosing a cell returns (entity, article)."""

    AUTO_FOCUS = "*"  # the app's own choice (the reading pane) is not on this screen
    DEFAULT_CSS = """
    CoverageScreen { align: center middle; }
    CoverageScreen > Vertical { width: 95%; height: 90%; border: round $accent; }
    CoverageScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q,E", "dismiss(None)", "Close", id="coverage_close"),
        Binding("s", "sort", "Sort by this column", id="coverage_sort"),
    ]

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus
        self._descending = True
        # One column per source (outlet), in list order: several VOA articles are one VOA column.
        self.sources: dict[str, list[int]] = {}
        for index, article in enumerate(corpus.articles):
            self.sources.setdefault(article.source, []).append(index)
        self._columns = list(self.sources)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Who covers whom: mentions per source. Enter jumps; s sorts by the column."))
            yield DataTable(cursor_type="cell", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # A fixed, modest name column: one long organisation name must not push every source
        # column off an 80-column screen.
        table.add_column(Text("Entity"), width=ENTITY_COLUMN, key="entity")
        table.add_column(Text("All"), key="all")
        for number, source in enumerate(self._columns):
            label = source if len(source) <= SOURCE_COLUMN else source[: SOURCE_COLUMN - 1] + "…"
            table.add_column(Text(safe_name(label)), key=str(number))
        column_of = {article: number for number, source in enumerate(self._columns) for article in self.sources[source]}
        ranked = sorted(self.corpus.entities.values(), key=lambda e: (-e.count, e.name))
        # The most mentioned: a table of every name of a 10,000-article corpus helps nobody,
        # and each row reads that entity's occurrences.
        for entity in ranked[:COVERAGE_ROWS]:
            counts = [0] * len(self._columns)
            for article, _ in entity.occurrences:
                counts[column_of[article]] += 1
            cells = [Text(safe_name(entity.name), no_wrap=True, overflow="ellipsis"), entity.count]
            cells.extend(c or "" for c in counts)
            table.add_row(*cells, key=entity.name)
        if len(ranked) > COVERAGE_ROWS:
            self.query_one(Static).update(
                Text(
                    f"Who covers whom: mentions per source for the {COVERAGE_ROWS:,} most mentioned of "
                    f"{len(ranked):,} entities. Enter jumps; s sorts by the column."
                )
            )
        table.focus()

    def action_sort(self) -> None:
        table = self.query_one(DataTable)
        column = table.ordered_columns[table.cursor_column].key
        self._descending = not self._descending

        def key(value):
            return str(value).casefold() if column == "entity" else (value if isinstance(value, int) else 0)

        table.sort(column, key=key, reverse=self._descending and column != "entity")

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        name = str(event.cell_key.row_key.value)
        column = str(event.cell_key.column_key.value)
        if column in ("entity", "all"):
            first = self.corpus.first_mention(name)
            self.dismiss((name, first.article) if first else None)
        else:
            # The source's first article that mentions the entity.
            per = self.corpus.sources_of(name)
            article = next((i for i in self.sources[self._columns[int(column)]] if i in per), None)
            if article is None:
                self.app.bell()
            else:
                self.dismiss((name, article))
