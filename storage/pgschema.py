"""The PostgreSQL store's tables, row-level security and change notices, as numbered migrations.

`jixiao_schema` holds one row per migration applied. Opening a database applies the missing ones
(each in the transaction that records it, under an advisory lock, so two clients opening an old
database at once do not both upgrade it). To change the shape: append a step to MIGRATIONS.

Who sees what (issue 21): `jixiao_access` maps a database role to unit codes (`*` = every unit),
read or read/write. Policies on the documents and their history call `jixiao_may(current_user,
单位编码, 写)`, a SECURITY DEFINER function, so a clerk's connection can neither read nor change
another unit's rows even with hand-written SQL, and cannot read the access table itself. The
tables' owner (whoever ran `jixiao init`) and superusers are not subject to the policies: they
administer the database and run `jixiao access`.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

CHANNEL = "jixiao_saved"  # NOTIFY payload: "<key> <revision>" (0 when deleted)

# {schema}: the schema the tables are made in (the connection's current schema), quoted.
_V1 = """
CREATE TABLE {schema}.jixiao_documents (
    key text PRIMARY KEY,
    dept_code text NOT NULL,
    year integer NOT NULL,
    dept_name text NOT NULL DEFAULT '',
    project_count integer NOT NULL DEFAULT 0,
    revision integer NOT NULL CHECK (revision > 0),
    saved_by text NOT NULL DEFAULT '',
    saved_by_name text NOT NULL DEFAULT '',
    saved_at timestamptz NOT NULL,
    size integer NOT NULL DEFAULT 0,
    document jsonb NOT NULL,
    UNIQUE (dept_code, year)
);
CREATE TABLE {schema}.jixiao_history (
    key text NOT NULL,
    revision integer NOT NULL,
    dept_code text NOT NULL,
    saved_by text NOT NULL DEFAULT '',
    saved_by_name text NOT NULL DEFAULT '',
    saved_at timestamptz NOT NULL,
    size integer NOT NULL DEFAULT 0,
    document jsonb NOT NULL,
    PRIMARY KEY (key, revision)
);
CREATE TABLE {schema}.jixiao_access (
    role name NOT NULL,
    dept_code text NOT NULL,
    can_write boolean NOT NULL,
    granted_by name NOT NULL DEFAULT current_user,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role, dept_code)
);
REVOKE ALL ON {schema}.jixiao_access FROM PUBLIC;

CREATE FUNCTION {schema}.jixiao_may(who name, code text, writing boolean) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM {schema}.jixiao_access a JOIN pg_roles r ON r.rolname = a.role
        WHERE (a.dept_code = code OR a.dept_code = '*')
          AND (a.can_write OR NOT writing)
          AND pg_has_role(who, r.oid, 'MEMBER')
    )
$$;

ALTER TABLE {schema}.jixiao_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.jixiao_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY jixiao_read ON {schema}.jixiao_documents FOR SELECT
    USING ({schema}.jixiao_may(current_user, dept_code, false));
CREATE POLICY jixiao_add ON {schema}.jixiao_documents FOR INSERT
    WITH CHECK ({schema}.jixiao_may(current_user, dept_code, true));
CREATE POLICY jixiao_change ON {schema}.jixiao_documents FOR UPDATE
    USING ({schema}.jixiao_may(current_user, dept_code, true))
    WITH CHECK ({schema}.jixiao_may(current_user, dept_code, true));
CREATE POLICY jixiao_remove ON {schema}.jixiao_documents FOR DELETE
    USING ({schema}.jixiao_may(current_user, dept_code, true));
CREATE POLICY jixiao_read ON {schema}.jixiao_history FOR SELECT
    USING ({schema}.jixiao_may(current_user, dept_code, false));
CREATE POLICY jixiao_add ON {schema}.jixiao_history FOR INSERT
    WITH CHECK ({schema}.jixiao_may(current_user, dept_code, true));
CREATE POLICY jixiao_change ON {schema}.jixiao_history FOR UPDATE
    USING ({schema}.jixiao_may(current_user, dept_code, true))
    WITH CHECK ({schema}.jixiao_may(current_user, dept_code, true));
CREATE POLICY jixiao_remove ON {schema}.jixiao_history FOR DELETE
    USING ({schema}.jixiao_may(current_user, dept_code, true));

CREATE FUNCTION {schema}.jixiao_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('jixiao_saved', OLD.key || ' 0');
    ELSE
        PERFORM pg_notify('jixiao_saved', NEW.key || ' ' || NEW.revision);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER jixiao_notify AFTER INSERT OR UPDATE OR DELETE ON {schema}.jixiao_documents
    FOR EACH ROW EXECUTE FUNCTION {schema}.jixiao_notify();
"""

# MIGRATIONS[n]: the SQL that brings a version n-1 database to version n (1: the first tables).
MIGRATIONS: dict[int, str] = {1: _V1}

# The table that records them; made before the first step.
VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS {schema}.jixiao_schema (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""

# Taken (transaction-scoped) while migrating: one client upgrades, the others wait and see it done.
ADVISORY_LOCK = 20_021_021
