"""PostgreSQL at scale (issue 21): does a store of 400 documents cost one save or one check
what a store of one document does?

Two databases on one throwaway server (initdb + pg_ctl in a temporary directory; run as
`nobody` when started by root): one holding 1 document, one holding 400 documents × 25
projects (10,000 projects, built from the bundled sample with varied codes and values). In
each, the same document gets one small edit (one indicator value) saved through
PostgresStore.save (history row, row lock, revision check), and is loaded and checked (all the
rules, as `jixiao check DOC`). The 1-document timings are the floors, measured in this run;
runs alternate so machine noise hits both alike; medians. Targets: ≤ 1.2× each.

    .venv/bin/python bench/pg_scale.py [RUNS]
"""

from __future__ import annotations

import copy
import random
import sys
import time
from pathlib import Path

from _timing import alternate, report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.sample import load_sample  # noqa: E402
from model import Document  # noqa: E402
from model.rules.engine import clear_caches  # noqa: E402
from service.checking import check_documents  # noqa: E402
from storage import open_store  # noqa: E402
from tests.storage.pgserver import PgServer, find_binaries  # noqa: E402

TARGET = 1.2
DOCS, PROJECTS = 400, 25
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15


def county(rng: random.Random, count: int) -> list[Document]:
    sample = load_sample()
    docs = []
    for n in range(count):
        doc = copy.deepcopy(sample)
        doc.dept_code = f"{903001 + n}"
        doc.dept_name = f"{sample.dept_name}{n}"
        projects = [
            copy.deepcopy(sample.projects[i % len(sample.projects)]) for i in range(PROJECTS)
        ]
        for i, project in enumerate(projects):
            project.code = f"130529{n:03d}P{i:011d}"
            project.name = f"{project.name}（{n}-{i}）"
            for indicator in project.indicators:
                indicator.value = f"{indicator.value}{rng.randint(1, 99)}"
        doc.projects = projects
        docs.append(doc)
    return docs


def main() -> None:
    binaries = find_binaries()
    if binaries is None:
        print("本机未安装 PostgreSQL（initdb、pg_ctl、postgres），跳过")
        return
    server = PgServer(binaries)
    try:
        run(server)
    finally:
        server.stop()


def run(server: PgServer) -> None:
    docs = county(random.Random(21), DOCS)
    one, many = (
        open_store(server.new_database(), create=True),
        open_store(server.new_database(), create=True),
    )
    key = docs[0].key
    one.save(docs[0], 0)
    for start in range(0, DOCS, 50):
        many.save_many([(doc, 0, None) for doc in docs[start : start + 50]])
    assert len(many.list_documents()) == DOCS
    state = {name: list(store.load(key)) for name, store in (("one", one), ("many", many))}
    counter = iter(range(10**9))

    def saver(name: str, store):  # noqa: ANN001, ANN202
        def save() -> float:
            doc, revision = state[name]
            doc.projects[3].indicators[0].value = f"≤{next(counter)}元"
            start = time.perf_counter()
            state[name][1] = store.save(doc, revision)
            return time.perf_counter() - start

        return save

    def checker(store):  # noqa: ANN001, ANN202
        def check() -> float:
            clear_caches()  # each check starts cold, as a `jixiao check DOC` process does
            start = time.perf_counter()
            doc, _ = store.load(key)
            check_documents([doc])
            return time.perf_counter() - start

        return check

    medians = alternate(
        runs,
        save_one=saver("one", one),
        save_many=saver("many", many),
        check_one=checker(one),
        check_many=checker(many),
    )
    print(f"PostgreSQL：{DOCS} 个文档、{DOCS * PROJECTS} 个项目 对比 1 个文档")
    ok = report(
        f"一次小修改的保存（{DOCS} 个文档 对 1 个文档）",
        medians["save_many"],
        medians["save_one"],
        TARGET,
    )
    ok = (
        report(
            f"检查一个文档（载入 + 全部规则，{DOCS} 个文档 对 1 个文档）",
            medians["check_many"],
            medians["check_one"],
            TARGET,
        )
        and ok
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
