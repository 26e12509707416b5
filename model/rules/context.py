"""Document-wide facts the cross-project rules need, computed once and reused per keystroke.

check_project re-checks one edited project; the cross-project rules (duplicate codes, goal lines
reused elsewhere, another project's subject named here, one 三级 name filed under different
level-2s) need facts about the whole document. build_context derives them; `cross_key` lists
exactly the fields it reads, so a context is reused — `rebind` to a new version of the document —
while that key is unchanged, and rebuilt when it changes. Whoever adds a fact to build_context
adds what it reads to cross_key (tests/model/test_rules_checker.py edits every field to catch a
stale context). Rules read everything else (profile, year, Part 1, amounts, a project's own
cells) from ctx.doc and the project, which are always the current ones.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import Any

from ..entities import Document, Indicator, Project
from ..layouts import has_column
from ..text import halfwidth
from .facts import Facts, facts_of

_MONEY_UNIT_YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000)}

_NUMBERING = re.compile(
    r"^\s*(?:[(（]?\d{1,2}[)）]|\d{1,2}\s*[.、．]|[一二三四五六七八九十]+、)\s*"
)
_TRAILING = re.compile(r"[\s。；;，,.!！]+$")


@lru_cache(maxsize=65536)
def goal_key(line: str) -> str:
    """A goal line without its numbering, spaces and closing punctuation, for comparison."""
    s = halfwidth(line).strip()
    s = _NUMBERING.sub("", s)
    s = _TRAILING.sub("", s)
    return s.replace(" ", "")


# Words every project name uses; what is left names the project's own subject.
_GENERIC = sorted(
    [
        "工资及保险", "财政补贴", "土地补偿", "占地补偿款", "占地补偿", "补偿款", "工作经费",
        "建设经费", "运转经费", "建设资金", "专项资金", "补助资金", "经费", "资金", "补贴",
        "补助", "补偿", "工资", "保险", "项目", "工作", "建设", "支出", "发放", "年度", "财政",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_GENERIC_RE = re.compile("|".join(map(re.escape, _GENERIC)))
_SPLIT_RE = re.compile(r"[及和与\s\d\"“”‘’'《》〈〉()（）\[\]【】,，、;；:：.。!！?？\-—_/A-Za-z]+")


@lru_cache(maxsize=4096)
def name_segments(name: str) -> tuple[str, ...]:
    """A project name without its generic words, cut at punctuation, digits and Latin letters:
    the pieces subject_terms and the consistency rules (consistency._name_parts) choose from.
    Cached: both ask it of every project name, once per document context each."""
    return tuple(seg for seg in _SPLIT_RE.split(_GENERIC_RE.sub(" ", halfwidth(name))) if seg)


def subject_terms(name: str) -> list[str]:
    """The distinctive parts of a project name: `“凤还巢”大学生村干部工资及保险` → 凤还巢, 大学生村干部."""
    return [seg for seg in name_segments(name) if len(seg) >= 3]


_MISSING = object()


@dataclass(slots=True)
class DocContext:
    doc: Document
    yuan_per_unit: Decimal  # 元 in one unit of the document's money_unit
    code_count: Counter[str] = field(default_factory=Counter)
    goal_projects: dict[str, list[int]] = field(default_factory=dict)  # goal key → project indices
    terms: list[tuple[str, int]] = field(default_factory=list)  # (subject term, owner index)
    name_level2: dict[str, dict[str, int]] = field(default_factory=dict)  # 三级 → level-2 counts
    name_projects: dict[str, set[int]] = field(default_factory=dict)  # 三级 → project indices
    grams: dict[int, list[str]] = field(default_factory=dict)  # owner → 3-grams only its name has
    index: dict[int, int] = field(default_factory=dict)  # id(project) → position
    # Further facts a rule family derives from the ones above (so from cross_key's fields
    # only), computed when first asked for (derive) and shared by every rebound context.
    derived: dict[str, Any] = field(default_factory=dict)
    # Per-project results several rules share (the rows' facts, the hygiene pass), valid while
    # one project is being checked. Keyed by the project so that concurrent checks of two
    # projects (the editor's worker and a full check) never read each other's entries. One
    # dict per project (by id): begin() drops a project's entries at once, where scanning every
    # entry of the projects checked before it made a document's check quadratic.
    _memo: dict[int, dict[str, Any]] = field(default_factory=dict)
    # The rows build_context read, by id(project), for rows() to take once: that context is used
    # by the one check that built it (a later check gets a rebound copy, which has none), so a
    # project's rows cannot have changed in between — and a county's 25,000 rows are then
    # looked up once per check, not twice.
    _built_rows: dict[int, list[tuple[int, Indicator, Facts]]] = field(default_factory=dict)
    # Which indicator columns the document's Word layout has (model.layouts), asked lazily:
    # whether an optional column is there depends on every row, so it is never cached across
    # versions (a fresh context per check: rebind).
    _columns: dict[str, bool] = field(default_factory=dict)

    def rebind(self, doc: Document) -> DocContext:
        """This context for another version of the document with the same cross_key: the
        derived facts are shared (rules only read them); the document, the project positions
        and the per-project memo are its own."""
        return DocContext(
            doc=doc,
            yuan_per_unit=self.yuan_per_unit,
            code_count=self.code_count,
            goal_projects=self.goal_projects,
            terms=self.terms,
            name_level2=self.name_level2,
            name_projects=self.name_projects,
            grams=self.grams,
            index={id(p): n for n, p in enumerate(doc.projects)},
            derived=self.derived,
        )

    def derive(self, key: str, compute: Callable[[DocContext], Any]) -> Any:
        """compute(self) once for this context and every context rebound from it: for facts
        built from cross_key's fields only (one index per document, not per check)."""
        value = self.derived.get(key, _MISSING)
        if value is _MISSING:
            value = self.derived[key] = compute(self)
        return value

    def begin(self, project: object) -> None:
        """Start checking a project: forget what was memoised for it (it may have changed)."""
        self._memo.pop(id(project), None)

    def end(self) -> None:
        """A check of the whole document is done: let go of what was memoised for its projects
        (the rows' facts, the hygiene pass). The context itself stays cached for the next check,
        which starts a memo of its own (rebind): keeping these for 100 documents of a county
        held more memory than the documents themselves."""
        self._memo.clear()
        self._built_rows.clear()

    def memo(self, project: object, key: str, compute: Callable[[], Any]) -> Any:
        """compute() once per check of `project` (or of the document, for document-wide facts
        that depend on what cross_key leaves out, such as every project's plan)."""
        slots = self._memo.get(id(project))
        if slots is None:
            slots = self._memo[id(project)] = {}
        value = slots.get(key, _MISSING)
        if value is _MISSING:
            value = slots[key] = compute()
        return value

    def rows(self, project: Project) -> list[tuple[int, Indicator, Facts]]:
        """(row, indicator, facts) of every indicator row, computed once per project check."""
        pid = id(project)  # memo() inlined: every rule asks, 40,000 times a county
        slots = self._memo.get(pid)
        if slots is None:
            slots = self._memo[pid] = {}
        found: list[tuple[int, Indicator, Facts]] | None = slots.get("rows")
        if found is None:
            found = self._built_rows.pop(pid, None)
            if found is None:
                found = [(n, ind, facts_of(ind)) for n, ind in enumerate(project.indicators, 1)]
            slots["rows"] = found
        return found

    def has_column(self, attr: str) -> bool:
        """Whether the document's Word table has a column for this indicator field: a rule
        about a column the layout does not have (the seven-column form's 绩效指标描述) does
        not fire."""
        found = self._columns.get(attr)
        if found is None:
            found = self._columns[attr] = has_column(self.doc, attr)
        return found

    def position(self, project: Project) -> int:
        return self.index.get(id(project), -1)

    def foreign_terms(self, project: Project) -> list[tuple[str, int]]:
        """Subjects of other projects that this project's own name and purpose do not mention."""
        me = self.position(project)
        own = halfwidth(project.name + " " + project.purpose)
        return [(t, owner) for t, owner in self.terms if owner != me and t not in own]

    def majority_level2(self, name: str) -> str | None:
        """The level-2 a 三级 name is filed under most often in the document (None on a tie)."""
        counts = self.name_level2.get(name)
        if not counts or len(counts) < 2:
            return None
        most = max(counts.values())
        leaders = [l2 for l2, n in counts.items() if n == most]
        return leaders[0] if len(leaders) == 1 else None

    def tied_level2(self, name: str) -> tuple[list[str], int] | None:
        """The level-2s a 三级 name is filed under most often, when two or more tie for first
        (in order of first use), with the count each has; None when one level-2 leads."""
        counts = self.name_level2.get(name)
        if not counts or len(counts) < 2:
            return None
        top = max(counts.values())
        tied = [l2 for l2, n in counts.items() if n == top]
        return (tied, top) if len(tied) > 1 else None


_NAME_LEVEL2 = attrgetter("name", "level2")


def project_key(project: Project) -> tuple[object, ...]:
    """What build_context reads of one project: code, name, goal lines, 三级 names and level-2s
    (a (name, level-2) pair per row, gathered in C: every check of a county makes 25,000)."""
    return (
        project.code,
        project.name,
        tuple(project.goals),
        tuple(map(_NAME_LEVEL2, project.indicators)),
    )


def cross_key(
    doc: Document, part: Callable[[Project], tuple[object, ...]] = project_key
) -> list[object]:
    """Every field build_context reads, in order: equal keys give equal contexts.

    ≈0.5 ms at 500 projects. `part` may return a project's part from a memo when projects are
    never changed in place (see Checker's copy_on_write): comparing two keys made of the same
    tuple objects then costs only an identity test per project.
    """
    return [doc.money_unit, *map(part, doc.projects)]


def build_context(doc: Document) -> DocContext:
    ctx = DocContext(doc=doc, yuan_per_unit=_MONEY_UNIT_YUAN.get(doc.money_unit, Decimal(10000)))
    goal_projects: defaultdict[str, list[int]] = defaultdict(list)
    # 三级 name → {level-2: count} in order of first use, in plain dicts: a Counter per name,
    # and its += per row, cost more than the rest of the loop.
    name_level2: dict[str, dict[str, int]] = ctx.name_level2
    name_projects: dict[str, set[int]] = ctx.name_projects  # the same names, in the same order
    seen_terms: set[str] = set()
    index, code_count, terms, built_rows = ctx.index, ctx.code_count, ctx.terms, ctx._built_rows
    project_terms: list[list[str]] = []
    for n, project in enumerate(doc.projects):
        index[id(project)] = n
        code_count[project.code.strip()] += 1
        for key in {goal_key(g) for g in project.goals}:
            if key:
                goal_projects[key].append(n)
        own_terms = subject_terms(project.name)
        project_terms.append(own_terms)
        for term in own_terms:
            if term not in seen_terms:
                seen_terms.add(term)
                terms.append((term, n))
        rows = built_rows[id(project)] = [
            (r, ind, facts_of(ind)) for r, ind in enumerate(project.indicators, 1)
        ]
        for _, _, facts in rows:
            name = facts.name
            if name:
                counts = name_level2.get(name)
                if counts is None:
                    name_level2[name] = {facts.level2: 1}
                    name_projects[name] = {n}
                else:
                    counts[facts.level2] = counts.get(facts.level2, 0) + 1
                    name_projects[name].add(n)
    ctx.goal_projects = dict(goal_projects)
    ctx.grams = _distinctive_grams(doc, project_terms)
    return ctx


def _distinctive_grams(doc: Document, project_terms: list[list[str]]) -> dict[int, list[str]]:
    """3-character pieces of a project's subject that no other project name contains (满三年);
    project_terms: each project's subject_terms, in order."""
    # Every name in one string, and where each ends: a piece is in no other name exactly when
    # nothing after the end of the first name holding it holds it again. A few C-level finds
    # per piece, where counting every 3-gram of every name ran Python code for each (and
    # testing every piece against every name took 80 ms at 500 projects). A piece holds no
    # line break (terms are cut at white space), so the joins cannot make one.
    names = [halfwidth(p.name) for p in doc.projects]
    joined = "\n".join(names)
    ends = list(accumulate(len(name) + 1 for name in names))  # one past each name's "\n"
    grams: dict[int, list[str]] = {}
    for n, own_terms in enumerate(project_terms):
        found = {term[k : k + 3] for term in own_terms for k in range(len(term) - 2)}
        unique = []
        for g in found:
            first = joined.find(g)  # in this project's name, unless an earlier one holds it
            if first >= 0 and joined.find(g, ends[bisect_right(ends, first)]) < 0:
                unique.append(g)
        unique.sort()
        if unique:
            grams[n] = unique
    return grams


# One cached context per document object, reused while its cross_key is unchanged. Few are
# kept: re-checking is of one document (or a few) at a time, while a county's `check --all`
# made one for each of its 100 documents and kept them all (5 MB, for nothing).
_CACHE: dict[int, tuple[list[object], DocContext]] = {}
_CACHE_LIMIT = 16


def context_for(doc: Document) -> DocContext:
    key = cross_key(doc)
    cached = _CACHE.get(id(doc))
    if cached is not None and cached[0] == key and cached[1].doc is doc:
        ctx = cached[1].rebind(doc)  # the projects may have been replaced or moved in place
    else:
        ctx = build_context(doc)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
    _CACHE[id(doc)] = (key, ctx)
    return ctx


def forget(doc: Document) -> None:
    """Let go of doc's cached context: for a caller that checks each document once and moves
    on (check --all), where it would keep the document itself — its every string — alive
    until the cache is cleared (up to 16 of a county's documents, 2 MB of 10)."""
    cached = _CACHE.get(id(doc))
    if cached is not None and cached[1].doc is doc:
        del _CACHE[id(doc)]
