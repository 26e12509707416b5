"""What a user can do — import, export, check, copy to a new year, restore, rename, delete — as
plain functions over a store. Both front ends (the Typer CLI in jixiao/, the Textual editor in
tui/) call these and nothing else, so no operation is written twice.

Errors are the project's own (model.errors.JixiaoError and subclasses) with messages that name no
command-line flag: the CLI adds its flag hints itself, the editor its own advice.
"""
