"""JX4xx — consistency and copy-paste: goals against goals, indicators and other projects."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from operator import attrgetter, itemgetter

from ..entities import Project
from ..text import DROPPED_BY_HALFWIDTH, halfwidth
from .base import BASIS, DESCRIPTION, GOALS, IND_NAME, Hit, Scope, Severity, quote, rule
from .context import DocContext, goal_key, name_segments
from .facts import COST, facts_of

P = Scope.PROJECT


@rule(
    "JX401",
    Severity.ERROR,
    "绩效目标重复",
    scope=P,
    rationale="同一项目的两条绩效目标文字相同（编号不同），是复制后忘了改；目标看似三条、实际两条。"
    "审核时这是一眼可见、没有例外的差错（没有哪条目标需要写两遍），财政局会直接退回重填，"
    "故为“错误”（删去重复的一条即可）。",
    example="“2.保证工作有效迅速开展。3.保证工作有效迅速开展。” → 删除第 3 条或写出另一个目标。",
)
def repeated_goal_lines(ctx: DocContext, project: Project) -> Iterator[Hit]:
    first: dict[str, int] = {}
    for n, line in enumerate(project.goals, 1):
        key = goal_key(line)
        if not key:
            continue
        if key in first:
            yield Hit(
                f"绩效目标第 {n} 条与第 {first[key]} 条相同：“{quote(line)}”，请删除或改写", GOALS
            )
        else:
            first[key] = n


def _project_label(ctx: DocContext, index: int) -> str:
    """`第 1 个项目（“凤还巢”大学生村干部工资及保险）` — the name as written, never re-quoted."""
    labels: list[str] = ctx.derive("labels", _labels)
    return labels[index]


def _labels(ctx: DocContext) -> list[str]:
    """Every project's label, made once per document: JX403 names up to three other projects
    for each goal line shared with them, and a county's documents share thousands."""
    return [f"第 {n} 个项目（{quote(p.name, 40)}）" for n, p in enumerate(ctx.doc.projects, 1)]


def _cells(project: Project) -> Iterator[tuple[str, str, int | None]]:
    """(text, field, row) of every cell that may have been copied from elsewhere."""
    for line in project.goals:
        yield line, GOALS, None
    for row, ind in enumerate(project.indicators, 1):
        yield ind.name, IND_NAME, row
        yield ind.description, DESCRIPTION, row
        yield ind.basis, BASIS, row


@rule(
    "JX402",
    Severity.ERROR,
    "提到了另一个项目的对象",
    scope=P,
    rationale="“综合网格员”项目的描述写着“凤还巢大学生村干部”，说明这一格是从另一个项目复制来的、没有改。"
    "只比对其他项目名称中独有的部分（去掉“经费”“补偿”等通用词），本项目名称和资金用途里出现过的不算，"
    "以免误报；三级指标名称与另一项目逐字相同、又含有该项目名称独有的字（“公岗满三年工资支出”之于"
    "“…公益性岗位满三年…”）也算。还有两种：三级指标写着另一个项目名称里的款项（“工资”“补偿”），"
    "本项目名称和资金用途里却没有，且它与那个项目的某个三级指标逐字相同（“补偿金额”），或含有它而描述"
    "已不再提这笔款项（“交通补贴”项目的“人员工资发放率”，描述是“车补发放率”，出自“…工资及保险”项目的"
    "“工资发放率”）；成本指标的描述说钱用于另一个项目的全部对象（“办公运转”"
    "项目写“用于扶贫、环保等支出”，而“环保”另有“环保工作经费”项目），既可能是复制来的，也可能重复计算了成本。"
    "审核人看到别的项目的对象，就知道这一格衡量的不是本项目，会退回重填；比对时已排除通用词和本项目自己"
    "提到的内容，留下的几乎都是真的复制，故为“错误”。确实涉及另一项目的对象时，可标记为已核实。",
    example="“综合网格员”补贴中“我单位凤还巢大学生村干部办公效率…” → 改为“我单位综合网格员…”。",
)
def foreign_subject(ctx: DocContext, project: Project) -> Iterator[Hit]:
    flagged: set[int] = set()
    rows_hit: set[int] = set()  # one finding per row is enough
    # Every cell that may have been copied, one a line: the subjects and topics below hold no
    # line break, so one is in this text exactly when it is in one of the cells. (Leaving out
    # repeated cells cost more, on a county, than searching them.)
    whole = "\n".join(
        chain(project.goals, chain.from_iterable(map(_TEXT_CELLS, project.indicators)))
    )
    me = ctx.position(project)  # once, for the four parts below
    # Terms hold no ASCII (context.subject_terms splits on it), so full-width forms in the
    # cells cannot hide one: no halfwidth() needed here. Most projects name no other one's
    # subject: they are done after this one pass over their text.
    present = [(t, owner) for t, owner in ctx.terms if owner != me and t in whole]
    for text, fld, row in _foreign_terms_named(ctx, project, present) if present else ():
        if fld == IND_NAME and row is not None:
            flagged.add(row)
        if row is not None:
            rows_hit.add(row)
        yield Hit(text, fld, row)
    # The parts below are called only for a project they may report on (most projects of a
    # county are not): a generator made for nothing cost more than the test.
    holders, candidates = ctx.derive("piece_holders", _piece_holders)
    if me < 0 or me in candidates:
        for hit in _copied_names(ctx, project, me, holders, flagged):
            rows_hit.add(hit.row)  # type: ignore[arg-type]
            yield hit
    index = _doc_index(ctx)
    if me < 0 or me in index.kind_readers:
        yield from _foreign_kinds(ctx, project, me, index, rows_hit)
    topics = index.topics
    if topics and _may_name_topic(whole, topics, me):
        yield from _foreign_topic_in_cost(ctx, project, me, topics, rows_hit)


def _foreign_terms_named(
    ctx: DocContext, project: Project, present: list[tuple[str, int]]
) -> Iterator[tuple[str, str, int | None]]:
    """Cells that name another project's subject (a part of its name no other name has);
    `present`: (term, owner) of the other projects' subjects in its cells (foreign_subject)."""
    own = halfwidth(project.name + " " + project.purpose)
    present = [(t, owner) for t, owner in present if t not in own]  # ctx.foreign_terms's test
    if not present:
        return
    cells = [(text, fld, row) for text, fld, row in _cells(project) if text]
    for text, fld, row in cells:
        for term, owner in present:
            if term in text:
                yield _copied(fld, term, ctx, owner), fld, row
                break  # one finding per cell is enough


_TEXT_CELLS = attrgetter("name", "description", "basis")  # what _cells reads of a row


def _copied(fld: str, term: str, ctx: DocContext, owner: int) -> str:
    return f"{fld}提到“{quote(term)}”，这是{_project_label(ctx, owner)}的内容，可能是复制后没有修改，请核对"


def _copied_names(
    ctx: DocContext, project: Project, me: int, holders: dict[str, list[int]], flagged: set[int]
) -> Iterator[Hit]:
    """A 三级 name shared word for word with another project and holding a piece of that
    project's own name (“公岗满三年工资支出” in the 凤还巢 project, from 公益性岗位满三年);
    `me`: the project's position, `holders`: _piece_holders's names (foreign_subject calls
    this only for a project among its candidates)."""
    grams = ctx.grams
    own = ""
    for row, _ind, facts in ctx.rows(project):
        name = facts.name
        if not name or row in flagged:
            continue
        # Most names (发放人数, 群众满意度) hold no project's distinctive piece: one dict miss.
        owners = holders.get(name)
        if owners is None:
            continue
        owners = [o for o in owners if o != me]
        if not owners:
            continue
        own = own or halfwidth(project.name + " " + project.purpose)
        for owner in owners:
            piece = ""
            for g in grams[owner]:
                if g in name and g not in own:
                    piece = g
                    break
            if piece:
                owner_name = halfwidth(ctx.doc.projects[owner].name)
                shown = _widen(name, piece, owner_name)
                yield Hit(_copied(IND_NAME, shown, ctx, owner), IND_NAME, row)
                break


def _piece_holders(ctx: DocContext) -> tuple[dict[str, list[int]], set[int]]:
    """三级 name → the projects, in order, that use it and whose name's distinctive pieces
    (context.grams) it holds one of, for the names that have some; and the projects that use
    one of those names while another project owns its piece (the only ones _copied_names can
    report on). A piece belongs to one project's name only, so a name's own 3-character pieces
    find them (testing every piece of every project that shares a name, row by row, was the
    costliest part of JX402)."""
    owner_of = {g: n for n, pieces in ctx.grams.items() for g in pieces}
    found: dict[str, list[int]] = {}
    candidates: set[int] = set()
    pieces = owner_of.keys()
    for name, sharing in ctx.name_projects.items():
        held = pieces & _trigrams(name)  # most names hold none: one C-level intersection
        if not held:
            continue
        owners = sorted(o for o in {owner_of[g] for g in held} if o in sharing)
        if owners:
            found[name] = owners
            candidates.update(n for n in sharing if owners != [n])
    return found, candidates


@lru_cache(maxsize=16384)
def _trigrams(name: str) -> frozenset[str]:
    """A 三级 name's 3-character pieces; cached, for a county's 100 documents use the same
    hundred-odd names."""
    return frozenset(name[k : k + 3] for k in range(len(name) - 2))


# What a project pays out, when its name says so, and the words that count as saying so.
_KINDS: dict[str, tuple[str, ...]] = {
    "工资": ("工资", "薪", "报酬"),
    "补偿": ("补偿", "赔偿", "征地", "占地", "拆迁"),
}


def _foreign_kinds(
    ctx: DocContext, project: Project, me: int, index: _DocIndex, skip: set[int]
) -> Iterator[Hit]:
    """A 三级 name about a payment (工资, 补偿) this project does not make, taken from a row of a
    project whose name makes it: “人员工资发放率” in 交通补贴, from “…工资及保险”'s 工资发放率.
    `me`: the project's position; `index`: the document's (_doc_index)."""
    own = ""
    for kind, owners in index.kind_owners.items():
        if owners == [me] or (me >= 0 and me not in index.kind_users[kind]):
            continue
        rows = [(r, f) for r, _, f in ctx.rows(project) if r not in skip and kind in f.name]
        if not rows:
            continue
        own = own or halfwidth(project.name + " " + project.purpose)
        if any(w in own for w in _KINDS[kind]):
            continue
        for row, facts in rows:
            # A name taken whole from that project, or holding one of its names while the
            # description (rewritten for this project) no longer speaks of the payment.
            found = _kind_source(ctx, owners, me, kind, facts.name, kind not in facts.description)
            if found is None:
                continue
            owner, source_name = found
            skip.add(row)
            yield Hit(
                f"三级指标“{facts.shown}”写的是{kind}，本项目的名称和资金用途中都没有{kind}；"
                f"它出自{_project_label(ctx, owner)}的“{source_name}”，可能是复制后没有修改，请核对",
                IND_NAME,
                row,
            )


def _kind_source(
    ctx: DocContext, owners: list[int], me: int, kind: str, name: str, partial: bool
) -> tuple[int, str] | None:
    """The project (named for `kind`) with a 三级 name that `name` repeats: exact first, and
    one that `name` contains when `partial`."""
    best: tuple[int, str] | None = None
    for owner in owners:
        if owner == me:
            continue
        for ind in ctx.doc.projects[owner].indicators:
            source = facts_of(ind).name
            if kind in source and source in name:
                if source == name:
                    return owner, ind.name.strip()
                if partial:
                    best = best or (owner, ind.name.strip())
    return best


# A two-character word standing alone in a list (“用于扶贫、环保等支出”), not part of a longer one.
_LISTED = re.compile(
    r"(?:^|用于|[、,;:(\s和及与])([\u4e00-\u9fff]{2})(?=$|[、,;。)\s和及与等的]|工作|支出|经费|费用)"
)


@lru_cache(maxsize=16384)
def _listed_words(text: str) -> tuple[str, ...]:
    return tuple(m.group(1) for m in _LISTED.finditer(text)) if text else ()


def _name_parts(name: str) -> tuple[tuple[str, ...], str]:
    """A project name's subject terms (as context.subject_terms) and, when its whole subject is
    one two-character word (环保工作经费 → 环保), that word; both from the name's segments."""
    return _segment_parts(name_segments(name))


@lru_cache(maxsize=4096)
def _segment_parts(segments: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """_name_parts, cached by the name's segments: a county's project names differ in their
    numbers (…（3-4）), which name_segments leaves out, so its 2,500 names are ~150 segments."""
    whole = segments[0] if len(segments) == 1 and len(segments[0]) == 2 else ""
    return tuple(s for s in segments if len(s) >= 3), whole


def _may_name_topic(whole: str, topics: dict[str, list[int]], me: int) -> bool:
    """Whether _foreign_topic_in_cost may find anything in a project: a listed word is in a
    description (as halfwidth() leaves it: the same Chinese, unless a character it drops stood
    between), so in `whole`, the project's cells one a line — without another project's topic
    there, the rows need no look. Loops, not generators: asked of every project."""
    for c in DROPPED_BY_HALFWIDTH:
        if c in whole:
            return True
    for word, owners in topics.items():
        if owners != [me] and word in whole:
            return True
    return False


def _foreign_topic_in_cost(
    ctx: DocContext,
    project: Project,
    me: int,
    topics: dict[str, list[int]],
    skip: set[int],
) -> Iterator[Hit]:
    """A cost row whose description spends the money on another project's whole subject;
    `me`: the project's position, `topics`: the document's (_DocIndex.topics); foreign_subject
    calls this only where _may_name_topic.

    Subjects of two characters are too common to look for everywhere (JX402 proper needs three);
    in a cost row's list of uses, standing alone, they name what the money pays for."""
    own = ""
    for row, _ind, facts in ctx.rows(project):
        if row in skip or facts.category != COST:
            continue
        for word in _listed_words(facts.description):
            owner = next((n for n in topics.get(word, ()) if n != me), None)
            if owner is None:
                continue
            own = own or halfwidth(project.name + " " + project.purpose)
            if word in own:
                continue
            skip.add(row)
            yield Hit(
                f"成本指标的描述说资金用于“{word}”，这是{_project_label(ctx, owner)}的事，"
                "本项目的名称和资金用途中没有；可能是复制来的，也可能重复计算了成本，请核对",
                DESCRIPTION,
                row,
            )
            break


def _widen(text: str, piece: str, source: str) -> str:
    """The piece grown to the longest stretch of `text` that `source` also contains."""
    start = text.index(piece)
    end = start + len(piece)
    while start > 0 and text[start - 1 : end] in source:
        start -= 1
    while end < len(text) and text[start : end + 1] in source:
        end += 1
    return text[start:end]


@rule(
    "JX403",
    Severity.HINT,
    "绩效目标与其他项目相同",
    scope=P,
    rationale="不同项目的绩效目标逐字相同（如“及时足额发放占地补偿款，维护社会稳定。”），说明目标是套话，"
    "没有写出本项目特有的内容。只差开头的“使”“保证”“保障”（“使人大代表活动场所活动常态化”之于"
    "“保证人大代表活动场所活动常态化”），或把另一个项目目标中的对象换成了含糊的称呼（“提高人员的干事热情”"
    "之于“提高凤还巢大学生村干部的干事热情”），也是照搬。同类项目目标相近也情有可原，故只作“提示”。",
    example="“维护社会稳定。” → 写出本项目的具体目标，如“按时向 35 户失地群众足额发放补偿款”。",
)
def goals_shared_across_projects(ctx: DocContext, project: Project) -> Iterator[Hit]:
    me = ctx.position(project)
    labels: list[str] = ctx.derive("labels", _labels)
    index: _DocIndex | None = None
    done: set[str] = set()
    hits: list[tuple[int, Hit]] = []
    # (other project, the word its subject became) → (goal number, its line) for each goal here
    swapped: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for n, line in enumerate(project.goals, 1):
        key = goal_key(line)
        if not key or key in done:
            continue
        done.add(key)
        others = [i for i in ctx.goal_projects.get(key, ()) if i != me]
        if others:
            names = "、".join([labels[i] for i in others[:3]])
            more = f"等 {len(others)} 个项目" if len(others) > 3 else ""
            hits.append(
                (n, Hit(f"绩效目标第 {n} 条与{names}{more}逐字相同，请写出本项目特有的目标", GOALS))
            )
            continue
        index = index or _doc_index(ctx)
        verb_copy = _verb_copy(index, me, key)
        if verb_copy is not None:
            owner, source, how = verb_copy
            hits.append((n, _near_hit(ctx, n, owner, source, how)))
            continue
        if key[:2] in index.templates:  # most lines open like no other project's subject line
            for owner, source, middle in _subject_swaps(index, project, me, key):
                swapped.setdefault((owner, middle), []).append((n, source))
    reported: set[int] = {n for n, _ in hits}
    for (owner, middle), lines in swapped.items():
        # One line may match a common phrase by chance; a second line of the same project with
        # the same word in place of its subject is a find-and-replace copy of its goals.
        if len({source for _, source in lines}) < 2:
            continue
        for n, source in lines:
            if n not in reported:
                reported.add(n)
                hits.append((n, _near_hit(ctx, n, owner, source, f"只把对象换成了“{middle}”")))
    hits.sort(key=_BY_LINE)
    for _, hit in hits:
        yield hit


_BY_LINE = itemgetter(0)  # (goal number, hit): in goal order, stable


def _near_hit(ctx: DocContext, n: int, owner: int, source: str, how: str) -> Hit:
    return Hit(
        f"绩效目标第 {n} 条照搬了{_project_label(ctx, owner)}的“{source}”（{how}），"
        "请写出本项目特有的目标",
        GOALS,
    )


# Verbs that open a goal without changing what it says: 使/保证/保障 X 常态化 say the same.
_ENSURE = re.compile(r"^(?:使(?!用)|保证|保障|确保|能够)")  # 使用… is another verb


@lru_cache(maxsize=16384)
def _gist(key: str) -> tuple[str, str]:
    """(opening ensure-verb or "", the rest); the rest is "" when too short to compare. Cached:
    asked of every goal line by the index and again by JX403, and a county repeats its lines."""
    m = _ENSURE.match(key)
    verb = m.group(0) if m else ""
    rest = key[len(verb) :]
    return verb, rest if len(rest) >= 6 else ""


@dataclass(frozen=True, slots=True)
class _DocIndex:
    """Goal lines and project names of the whole document, for near copies and another
    project's payments or subject: built once per document context."""

    gists: dict[str, list[tuple[int, str, str]]]  # gist → (project index, verb, line as written)
    # A goal line that names its project's subject, as the text around that subject:
    # first two characters → (before, after, project index, line as written).
    templates: dict[str, list[tuple[str, str, int, str]]]
    kind_owners: dict[str, list[int]]  # 工资/补偿 → projects whose name says they pay it
    kind_users: dict[str, set[int]]  # 工资/补偿 → projects with a 三级 name that holds it
    # The projects _foreign_kinds has a kind to look for in: a user of a kind some other
    # project's name says it pays.
    kind_readers: set[int]
    topics: dict[str, list[int]]  # a two-character whole subject (环保) → its projects


def _doc_index(ctx: DocContext) -> _DocIndex:
    """The document's index, built once per document context: a context is shared (or
    rebound) while the document's cross-project key — which holds every goal line and project
    name — is unchanged, and the index goes with it (ctx.derive)."""
    index: _DocIndex = ctx.derive("consistency", _build_index)
    return index


def _build_index(ctx: DocContext) -> _DocIndex:
    gists: dict[str, list[tuple[int, str, str]]] = {}
    templates: dict[str, list[tuple[str, str, int, str]]] = {}
    kind_owners: dict[str, list[int]] = {}
    topics: dict[str, list[int]] = {}
    for n, project in enumerate(ctx.doc.projects):
        name = halfwidth(project.name)
        for kind in _KINDS:
            if kind in name:
                kind_owners.setdefault(kind, []).append(n)
        terms, topic = _name_parts(project.name)
        if topic:
            topics.setdefault(topic, []).append(n)
        for line in project.goals:
            key = goal_key(line)
            if not key:
                continue
            verb, gist = _gist(key)
            if gist:
                gists.setdefault(gist, []).append((n, verb, line))
            template = _template(key, terms)
            if template is not None:
                before, after = template
                templates.setdefault(before[:2], []).append((before, after, n, line))
    # Which projects have a 三级 name holding each kind, from the names' index: most projects
    # have none, and _foreign_kinds need not walk their rows to find so.
    kind_users: dict[str, set[int]] = {}
    kind_readers: set[int] = set()
    for kind, owners in kind_owners.items():
        users = kind_users[kind] = set()
        for row_name, sharing in ctx.name_projects.items():
            if kind in row_name:
                users.update(sharing)
        kind_readers.update(users if len(owners) > 1 else users - set(owners))
    return _DocIndex(gists, templates, kind_owners, kind_users, kind_readers, topics)


@lru_cache(maxsize=16384)
def _template(key: str, terms: tuple[str, ...]) -> tuple[str, str] | None:
    """A goal line's text before and after its project's subject, when both are long enough
    to tell a copy by (_DocIndex.templates). Cached: every document's index asks it of every
    goal line, and a county's documents repeat their lines under the same subjects."""
    span = _subject_span(key, terms)
    if span is None:
        return None
    before, after = key[: span[0]], key[span[1] :]
    if len(before) >= 2 and len(after) >= 3 and len(before) + len(after) >= 6:
        return before, after
    return None


def _subject_span(key: str, terms: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the project's subject stands in a goal: the first run of its name's terms."""
    if not terms:
        return None
    if len(terms) == 1:  # most names have one subject term: no runs to join
        at = key.find(terms[0])
        return None if at < 0 else (at, at + len(terms[0]))
    spans: list[tuple[int, int]] = []
    for t in terms:
        at = key.find(t)
        if at >= 0:
            spans.append((at, at + len(t)))
    if not spans:
        return None
    spans.sort()
    start, end = spans[0]
    for s, e in spans[1:]:
        if s > end:
            break
        end = max(end, e)
    return start, end


def _verb_copy(index: _DocIndex, me: int, key: str) -> tuple[int, str, str] | None:
    """(project, its goal line, how) when another goal line differs only in its opening verb."""
    verb, gist = _gist(key)
    for owner, their_verb, line in index.gists.get(gist, ()) if gist else ():
        if owner != me and verb != their_verb:  # the same verb: the same line (already said)
            if verb and their_verb:
                how = f"只是开头的“{their_verb}”换成了“{verb}”"
            else:
                how = f"只是开头{'多了' if verb else '少了'}“{verb or their_verb}”"
            return owner, quote(line), how
    return None


def _subject_swaps(
    index: _DocIndex, project: Project, me: int, key: str
) -> Iterator[tuple[int, str, str]]:
    """(project, its goal line, the word in place of its subject) for each goal line of another
    project that reads as this one with its subject replaced by a short word that does not name
    this project's own subject (“提高凤还巢大学生村干部的干事热情” → “提高人员的干事热情”)."""
    for before, after, owner, line in index.templates.get(key[:2], ()):
        if owner == me or len(key) <= len(before) + len(after):
            continue
        if key.startswith(before) and key.endswith(after):
            middle = key[len(before) : len(key) - len(after)]
            if len(middle) <= 4 and not _names_own(middle, _name_parts(project.name)[0]):
                yield owner, quote(line), middle


def _names_own(word: str, own: tuple[str, ...]) -> bool:
    """Whether `word` names this project's own subject: holds one of its terms, or is three or
    more characters of one (协理员 of 乡村振兴协理员; two, like 人员, are too common to count)."""
    return any(t in word or (len(word) >= 3 and word in t) for t in own)


_GOAL_NUMBER = re.compile(
    r"(\d+(?:\.\d+)?)\s*(平方米|公里|亩|人次|人|个|次|村|件|台|米|户|名|家|场|份|张|处|座|盏|辆|吨)"
)


@rule(
    "JX404",
    Severity.ERROR,
    "绩效目标中的数字与指标值不符",
    scope=P,
    rationale="目标写“发放 239.262 亩补偿款”，数量指标却是“239.26亩”：目标与指标应是同一件事的两种说法，"
    "数字要一致。同一份文件里两个数字对不上，审核人无法知道哪个是真的，会退回核实，故为“错误”。"
    "只比较带计量单位（亩、人、台……）且单位相同的数字，不比较百分比，以免把另有所指的比率当成矛盾。",
    example="目标“…239.262亩…”，指标“239.26亩” → 两处统一为核实后的亩数。",
)
def goal_numbers_match(ctx: DocContext, project: Project) -> Iterator[Hit]:
    # The goals' counted numbers first (cached per line): without one, the rows need no look.
    goal_numbers = [found for line in project.goals for found in _goal_numbers(line)]
    if not goal_numbers:
        return
    units = {unit for _, unit, _, _ in goal_numbers}
    by_unit: dict[str, set[Decimal]] = {}
    for _, _, facts in ctx.rows(project):
        q = facts.value.quantity
        if q is not None and q.unit in units:
            by_unit.setdefault(q.unit, set()).add(q.number)
    if not by_unit:
        return  # no quantity to compare a goal's number with
    reported: set[tuple[str, str]] = set()
    for written, unit, number, said in goal_numbers:
        numbers = by_unit.get(unit)
        if not numbers or number in numbers or (written, unit) in reported:
            continue
        reported.add((written, unit))
        shown = "、".join(f"{format(v, 'f')}{unit}" for v in sorted(numbers))
        yield Hit(f"绩效目标写“{said}”，指标值却是 {shown}，请统一", GOALS)


@lru_cache(maxsize=16384)
def _goal_numbers(line: str) -> tuple[tuple[str, str, Decimal, str], ...]:
    """(number as written, unit, its value, the words matched) of each counted number in a goal
    line; cached, for the lines of a county repeat (and Decimal() is not free)."""
    return tuple(
        (m.group(1), m.group(2), Decimal(m.group(1)), m.group(0))
        for m in _GOAL_NUMBER.finditer(halfwidth(line))
    )


_PUNCT = re.compile(r"[\s。；;，,.]")


@lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    return _PUNCT.sub("", halfwidth(text))


def _same(a: str, b: str) -> bool:
    if not a.strip() or not b:
        return False
    return a == b or _norm(a) == _norm(b)


@rule(
    "JX405",
    Severity.WARNING,
    "描述或依据只是重复三级指标名称",
    scope=P,
    rationale="绩效指标描述应说明衡量什么、怎么算；指标值确定依据应写出文件、计划或调查。照抄三级指标名称"
    "没有增加任何信息，年终自评时无从知道怎么计算，审核人会要求补写；但指标本身没有错，"
    "故为“警告”，不是“错误”。",
    example="三级“道路硬化的面积”、描述“道路硬化的面积” → 描述写“本年度完成硬化的村内道路面积（平方米）”。",
)
def repeats_name(ctx: DocContext, project: Project) -> Iterator[Hit]:
    # _same(name, description) and _same(name, basis), inlined: 25,000 rows a county.
    for row, ind in enumerate(project.indicators, 1):
        name = ind.name
        if not name.strip():
            continue
        description, basis = ind.description, ind.basis
        normed = _norm(name)  # once a row: few distinct names, a cache hit
        # A Chinese character (U+4E00–U+9FFF) opening a cell is kept as it is by _norm, so it
        # must open `normed`: nearly every description opens otherwise than its name (发放人数:
        # 我单位…人数), and its _norm — a miss of the cache for most of a county's 8,800
        # descriptions, and an entry kept — is not needed.
        head = normed[:1]
        if description and (
            description == name
            or (
                (description[0] == head or not "\u4e00" <= description[0] <= "\u9fff")
                and _norm(description) == normed
            )
        ):
            yield Hit(
                "绩效指标描述只是重复三级指标名称，请说明衡量什么、怎么计算", DESCRIPTION, row
            )
        if basis and (
            basis == name
            or (
                (basis[0] == head or not "\u4e00" <= basis[0] <= "\u9fff")
                and _norm(basis) == normed
            )
        ):
            yield Hit(
                "指标值确定依据只是重复三级指标名称，请写明文件、计划、历史数据或调查",
                BASIS,
                row,
            )


@rule(
    "JX406",
    Severity.WARNING,
    "描述中混入了另一行的描述",
    scope=P,
    rationale="一格绩效指标描述有两段，其中一段与同项目另一行的描述一字不差（如“办公效率提高比例”的描述"
    "后面跟着“保证单位正常运转的天数占全年总天数的比例”），是粘贴时多带了一段。读者无法判断哪段才算数，"
    "故为“警告”。",
    example="描述“…办公效率提高的比率⏎保证单位正常运转的天数占全年总天数的比例” → 删除第二段。",
)
def pasted_description(ctx: DocContext, project: Project) -> Iterator[Hit]:
    # One search of the descriptions joined (joining adds no line break), not a generator
    # step per row: most projects have no description of two paragraphs.
    if "\n" not in "".join([ind.description for ind in project.indicators]):
        return
    whole = {
        halfwidth(ind.description).strip(): row
        for row, ind in enumerate(project.indicators, 1)
        if ind.description.strip()
    }
    for row, ind in enumerate(project.indicators, 1):
        paragraphs = [p.strip() for p in halfwidth(ind.description).split("\n") if p.strip()]
        if len(paragraphs) < 2:
            continue
        for paragraph in paragraphs:
            other = whole.get(paragraph)
            if other is not None and other != row:
                yield Hit(
                    f"绩效指标描述中的“{quote(paragraph)}”与第 {other} 行的描述相同，像是粘贴时多带的，请删除",
                    DESCRIPTION,
                    row,
                )
                break


def clear_caches() -> None:
    """Forget this module's caches (engine.clear_caches: benchmarks measure from cold)."""
    for cached in (
        _norm,
        _segment_parts,
        _listed_words,
        _trigrams,
        _gist,
        _template,
        _goal_numbers,
    ):
        cached.cache_clear()
