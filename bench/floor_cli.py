"""The floor for bench/cli_startup.py: the least a Typer command can do with the same database.

floor_cli.py list DB        json.loads the file, print each document's key, unit name and
                            project count (what `jixiao list` shows, without formatting)
floor_cli.py check DB KEY   json.loads the file and build that one document as a
                            model.Document (document_from_dict): what any check must do
                            before its rules run; prints the project count
floor_cli.py check DB       the same for every document (the floor of `check --all`)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


def _records(db: Path) -> list[dict]:
    tables = json.loads(db.read_bytes())
    return list(tables["documents"].values())


@app.command("list")
def list_(db: Path) -> None:
    for record in _records(db):
        doc = record["document"]
        print(record["key"], doc.get("dept_name", ""), len(doc.get("projects", [])))


@app.command()
def check(db: Path, key: Annotated[str | None, typer.Argument()] = None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from model import document_from_dict

    for record in _records(db):
        if key is None or record["key"] == key:
            print(record["key"], len(document_from_dict(record["document"]).projects))


if __name__ == "__main__":
    app()
