"""The indicator library: every 三级指标 name seen in the database, with its usual values.

Built from all documents in the database (in a worker after start-up); every committed name
or value is noted as it is made, so a name typed a minute ago in another project is offered too.

The suggestion lists are sorted once and kept until the next note: opening a cell editor on a
county's library (100 documents, thousands of names and values) then costs no sorting.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from model import Document


class IndicatorLibrary:
    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.values: dict[str, Counter[str]] = defaultdict(Counter)
        self.descriptions: dict[str, Counter[str]] = defaultdict(Counter)
        self.every_value: Counter[str] = Counter()  # all names' values together
        self._names_sorted: list[str] | None = None
        self._values_sorted: list[str] | None = None

    def add_document(self, doc: Document) -> None:
        for project in doc.projects:
            for ind in project.indicators:
                self.note(ind.name, ind.value, ind.description)

    def note(self, name: str, value: str = "", description: str = "") -> None:
        """Count one use of a name (and its value): also called for every edit in the session."""
        name = name.strip()
        if not name:
            return
        self.names[name] += 1
        self._names_sorted = None
        if value.strip():
            self.values[name][value.strip()] += 1
            self.every_value[value.strip()] += 1
            self._values_sorted = None
        if description.strip():
            self.descriptions[name][description.strip()] += 1

    @classmethod
    def from_documents(cls, docs: Iterable[Document]) -> IndicatorLibrary:
        lib = cls()
        for doc in docs:
            lib.add_document(doc)
        return lib

    def name_suggestions(self) -> list[str]:
        if self._names_sorted is None:
            self._names_sorted = [name for name, _ in self.names.most_common()]
        return list(self._names_sorted)

    def value_suggestions(self, name: str) -> list[str]:
        """Usual values for this name first, then every value seen anywhere."""
        own = [v for v, _ in self.values.get(name.strip(), Counter()).most_common()]
        if self._values_sorted is None:
            self._values_sorted = [v for v, _ in self.every_value.most_common()]
        mine = set(own)
        return own + [v for v in self._values_sorted if v not in mine]

    def usual_values(self, name: str, limit: int = 4) -> list[str]:
        return [v for v, _ in self.values.get(name.strip(), Counter()).most_common(limit)]
