"""What only the PostgreSQL store does (issue 21): row-level security per unit, change notices
(LISTEN/NOTIFY), its schema version, connection errors, and `jixiao access`. The behaviour both
backends share is in test_store.py and test_concurrent.py."""

from __future__ import annotations

import threading

import pytest

from jixiao.cli import main
from storage import ConflictError, StoreError, open_store

from ..documents import edge_case_document
from .pgserver import PgServer

psycopg = pytest.importorskip("psycopg", reason="未安装 psycopg（jixiao[postgres]），跳过")
from storage.postgres import PostgresStore  # noqa: E402


def _unit(code: str, year: int = 2023):
    doc = edge_case_document(year=year)
    doc.dept_code = code
    return doc


def _with_user(url: str, user: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{user}@")


@pytest.fixture
def units(pg_server: PgServer, pg_url: str):
    """A database with two units' documents, a clerk of the first (read/write) and a county
    reviewer (reads all), granted through `jixiao access`. Roles are per server: named after
    the database."""
    admin = open_store(pg_url, create=True)
    admin.save(_unit("100001"), 0)
    admin.save(_unit("100002"), 0)
    db = pg_url.rsplit("/", 1)[1]
    clerk, reviewer = f"clerk_{db}", f"reviewer_{db}"
    for role in (clerk, reviewer):
        pg_server.sql(f'CREATE ROLE "{role}" LOGIN')
    assert main(["--db", pg_url, "access", "grant", clerk, "100001"]) == 0
    assert main(["--db", pg_url, "access", "grant", reviewer, "*", "--read-only"]) == 0
    return admin, _with_user(pg_url, clerk), _with_user(pg_url, reviewer)


def test_a_clerk_cannot_read_or_change_another_unit_even_with_raw_sql(units) -> None:
    _, clerk_url, _ = units
    with psycopg.connect(clerk_url, autocommit=True) as conn:
        keys = [r[0] for r in conn.execute("SELECT key FROM jixiao_documents").fetchall()]
        assert keys == ["100001/2023"]
        history = conn.execute("SELECT DISTINCT dept_code FROM jixiao_history").fetchall()
        assert history == [("100001",)]
        changed = conn.execute(
            "UPDATE jixiao_documents SET dept_name = '改了' WHERE dept_code = '100002'"
        )
        assert changed.rowcount == 0
        gone = conn.execute("DELETE FROM jixiao_history WHERE dept_code = '100002'")
        assert gone.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO jixiao_documents (key, dept_code, year, revision, saved_at, "
                "document) SELECT '100002/2030', '100002', 2030, 1, now(), document "
                "FROM jixiao_documents LIMIT 1"
            )
    with psycopg.connect(clerk_url, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM jixiao_access")  # who may see what is not theirs to see
        # Its own unit it may change.
        mine = conn.execute("UPDATE jixiao_documents SET dept_name = dept_name WHERE true")
        assert mine.rowcount == 1


def test_through_the_store_a_clerk_sees_its_unit_and_is_refused_others_in_one_line(
    units,
) -> None:
    admin, clerk_url, _ = units
    before = admin.load("100002/2023")[0]
    clerk = open_store(clerk_url)
    assert [i.key for i in clerk.list_documents()] == ["100001/2023"]
    doc, revision = clerk.load("100001/2023")
    doc.dept_name = "本单位改的"
    assert clerk.save(doc, revision) == 2
    with pytest.raises(StoreError, match="没有文档 100002/2023（或您无权查看该单位）"):
        clerk.load("100002/2023")
    for attempt in (
        lambda: clerk.save(_unit("100002"), 1),
        lambda: clerk.save(_unit("100002", 2031), 0),
        lambda: clerk.delete("100002/2023", None),
    ):
        with pytest.raises(StoreError) as caught:
            attempt()
        message = str(caught.value)
        assert "无权" in message and "jixiao access grant" in message and "\n" not in message
    assert admin.load("100002/2023") == (before, 1)  # untouched
    assert [i.key for i in admin.list_documents()] == ["100001/2023", "100002/2023"]


def test_a_reviewer_reads_every_unit_and_changes_none(units) -> None:
    _, _, reviewer_url = units
    reviewer = open_store(reviewer_url)
    assert [i.key for i in reviewer.list_documents()] == ["100001/2023", "100002/2023"]
    doc, revision = reviewer.load("100002/2023")
    with pytest.raises(StoreError, match="无权修改单位 100002"):
        reviewer.save(doc, revision)
    assert reviewer.revision("100002/2023") == 1


def test_access_list_and_revoke(units, capsys) -> None:
    admin, clerk_url, _ = units
    url = admin.location
    capsys.readouterr()
    assert main(["--db", url, "access", "list"]) == 0
    listed = capsys.readouterr().out
    assert "100001" in listed and "读写" in listed and "全部单位" in listed and "只读" in listed
    clerk = clerk_url.split("://", 1)[1].split("@", 1)[0]
    assert main(["--db", url, "access", "revoke", clerk, "100001"]) == 0
    assert open_store(clerk_url).list_documents() == []
    assert main(["--db", url, "access", "revoke", clerk, "100001"]) == 1
    assert "没有这些单位的授权" in capsys.readouterr().err
    # A clerk may not hand out access, and a role that does not exist is named.
    assert main(["--db", clerk_url, "access", "grant", clerk, "100002"]) == 1
    assert "所有者" in capsys.readouterr().err
    assert main(["--db", url, "access", "grant", "nobody_such_role", "100001"]) == 1
    err = capsys.readouterr().err
    assert "没有角色 nobody_such_role" in err and err.count("\n") == 1


def test_access_on_a_json_file_is_refused_in_one_line(tmp_path, capsys) -> None:
    path = tmp_path / "db.json"
    open_store(path, create=True)
    assert main(["--db", str(path), "access", "list"]) == 1
    err = capsys.readouterr().err
    assert "只用于 PostgreSQL" in err and err.count("\n") == 1
    assert main(["access"]) == 0  # alone: what it can do
    out = capsys.readouterr().out
    assert "grant" in out and "revoke" in out and "用法" in out


def test_a_save_is_announced_to_a_second_listener_within_a_second(pg_url: str) -> None:
    first = open_store(pg_url, create=True)
    second = PostgresStore(pg_url)
    heard: list[tuple[str, int]] = []
    arrived = threading.Event()

    def on_save(key: str, revision: int) -> None:
        heard.append((key, revision))
        arrived.set()

    stop = second.listen(on_save)
    try:
        first.save(edge_case_document(), 0)
        assert arrived.wait(1.0), "no notice within a second"
        assert heard == [("903001/2023", 1)]
        arrived.clear()
        first.delete("903001/2023", 1)
        assert arrived.wait(1.0)
        assert heard[-1] == ("903001/2023", 0)
    finally:
        stop()


def test_the_schema_version_is_recorded_and_a_newer_one_refused(pg_url: str) -> None:
    open_store(pg_url, create=True)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute("SELECT max(version) FROM jixiao_schema").fetchone() == (1,)
        conn.execute("INSERT INTO jixiao_schema (version) VALUES (99)")
    with pytest.raises(StoreError, match="更新版本的 jixiao") as caught:
        open_store(pg_url)
    assert "\n" not in str(caught.value)


def test_a_database_without_tables_or_server_is_one_clear_line(pg_url: str) -> None:
    with pytest.raises(StoreError, match="还没有 jixiao 的表.*jixiao init"):
        open_store(pg_url)
    with pytest.raises(StoreError, match="服务器未运行") as caught:
        open_store("postgresql://postgres:geheim@127.0.0.1:1/none")
    assert "geheim" not in str(caught.value) and "***" in str(caught.value)


def test_backups_point_to_pg_dump(pg_url: str, capsys) -> None:
    open_store(pg_url, create=True)
    assert main(["--db", pg_url, "restore", "--list"]) == 0
    assert "pg_dump" in capsys.readouterr().out
    assert main(["--db", pg_url, "restore", "1"]) == 1
    err = capsys.readouterr().err
    assert "pg_dump" in err and err.count("\n") == 1


def test_creating_a_document_someone_just_created_is_a_conflict(pg_url: str) -> None:
    # The race the row lock cannot cover (no row yet): the unique key refuses the second insert.
    first = open_store(pg_url, create=True)
    second = open_store(pg_url)
    first.save(edge_case_document(), 0)
    with pytest.raises(ConflictError, match="已存在"):
        second.save(edge_case_document(), 0)


def test_init_and_where_take_a_url_and_never_print_its_password(
    pg_server: PgServer, pg_url: str, capsys
) -> None:
    pg_server.sql("ALTER ROLE postgres PASSWORD 'geheim'")  # trust: the password is not asked
    url = pg_url.replace("postgres@", "postgres:geheim@")
    assert main(["--db", url, "init"]) == 0
    assert main(["--db", url, "where"]) == 0
    out = capsys.readouterr().out
    assert "geheim" not in out and out.count("postgres:***@") == 2
    assert open_store(url).list_documents() == []
