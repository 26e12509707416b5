"""The indicator library: every 三级指标 name seen in the database, with its usual values.

Built from all documents (in a worker at start-up) plus the document being edited, so a name
typed a minute ago in another project is offered too.
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

    def add_document(self, doc: Document) -> None:
        for project in doc.projects:
            for ind in project.indicators:
                name = ind.name.strip()
                if not name:
                    continue
                self.names[name] += 1
                if ind.value.strip():
                    self.values[name][ind.value.strip()] += 1
                if ind.description.strip():
                    self.descriptions[name][ind.description.strip()] += 1

    @classmethod
    def from_documents(cls, docs: Iterable[Document]) -> IndicatorLibrary:
        lib = cls()
        for doc in docs:
            lib.add_document(doc)
        return lib

    def merged(self, doc: Document) -> IndicatorLibrary:
        """This library plus the document being edited (cheap: counters are small)."""
        lib = IndicatorLibrary()
        lib.names = self.names.copy()
        lib.values = defaultdict(Counter, {k: v.copy() for k, v in self.values.items()})
        lib.descriptions = defaultdict(Counter, {k: v.copy() for k, v in self.descriptions.items()})
        lib.add_document(doc)
        return lib

    def name_suggestions(self) -> list[str]:
        return [name for name, _ in self.names.most_common()]

    def value_suggestions(self, name: str) -> list[str]:
        """Usual values for this name first, then every value seen anywhere."""
        own = [v for v, _ in self.values.get(name.strip(), Counter()).most_common()]
        every: Counter[str] = Counter()
        for counter in self.values.values():
            every.update(counter)
        return own + [v for v, _ in every.most_common() if v not in own]

    def usual_values(self, name: str, limit: int = 4) -> list[str]:
        return [v for v, _ in self.values.get(name.strip(), Counter()).most_common(limit)]
