"""``eventmill kb``: inspect the actor knowledge base and import the dictionaries users have.

Imported sources go to the user KB file (``--kb FILE``, else ``$EVENTMILL_KB``, else
``$XDG_DATA_HOME/eventmill/kb.sqlite``), which ``eventmill code``/``ingest``/``eval`` layer over
the built-in tables. docs/kb.md describes the layers and the precedence between them.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from eventmill.cli import _DateType, _err, _handle_errors
from eventmill.errors import ConfigError

DATE = _DateType()
_KB_OPTION = click.option(
    "--kb", "kb_file", type=click.Path(dir_okay=False), default=None,
    help="The user knowledge-base file (default: $EVENTMILL_KB or $XDG_DATA_HOME/eventmill/kb.sqlite).")


def _kb_path(kb_file: str | None) -> Path:
    from eventmill.actors.store import default_user_kb

    return Path(kb_file).expanduser() if kb_file else default_user_kb()


@click.group(name="kb")
def kb_group() -> None:
    """The actor knowledge base: search it, import PETRARCH dictionaries and Wikidata
    office-holder tables into your own layer, list and remove what you imported.

    \b
      eventmill kb search "Mustafa Al-Kazemi" --date 2021-07-26
      eventmill kb import-petrarch Phoenix.Countries.actors.txt Phoenix.agents.txt
      eventmill kb import-officeholders officeholders_2022.csv
      eventmill kb sources
      eventmill kb remove petrarch:Phoenix.agents.txt
    """


def _print_report(report: Any, kb_path: Path) -> None:
    for w in report.warnings:
        _err(f"warning: {w}")
    d = report.details
    if report.kind == "petrarch-actors":
        what = (f"{report.records:,} records: {d['countries']:,} country entries ({d['country_names']:,} names), "
                f"{d['actors']:,} actors ({d['actor_names']:,} phrases)")
    elif report.kind == "petrarch-agents":
        what = f"{report.records:,} agent entries ({d['agent_names']:,} role nouns with plurals)"
    else:
        what = f"{report.records:,} office terms of {d['people']:,} people ({report.skipped:,} rows skipped)"
    layer = "under the built-in entries" if report.layer == "under" else "over the built-in entries"
    click.echo(f"{report.source}: {what}, {len(report.warnings)} warnings, {report.seconds:.1f} s; "
               f"layered {layer} in {kb_path}")


def _import_each(files: tuple[str, ...], kb_file: str | None, source: str | None,
                 run: Callable[[str, Path], Any]) -> None:
    """Import each file in turn: a file that cannot be imported is one error line and the
    others still import; the exit code is non-zero only when none could be."""
    if source and len(files) > 1:
        raise ConfigError("--name names one source: import one file at a time to name it")
    kb_path = _kb_path(kb_file)
    failed = 0
    for f in files:
        try:
            report = run(f, kb_path)
        except ConfigError as exc:
            _err(f"error: {exc}")
            failed += 1
            continue
        _print_report(report, kb_path)
    if failed == len(files):
        sys.exit(1)


@kb_group.command(name="import-petrarch")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@_KB_OPTION
@click.option("--kind", type=click.Choice(["auto", "actors", "agents"]), default="auto", show_default=True,
              help="Actor or agent dictionary (auto: agents when most codes carry '~').")
@click.option("--under", is_flag=True,
              help="Layer below the built-in entries: only add names eventmill does not know.")
@click.option("--name", "source", default=None, help="Source name (default petrarch:FILENAME); one file only.")
@_handle_errors
def import_petrarch_cmd(files: tuple[str, ...], kb_file: str | None, kind: str, under: bool,
                        source: str | None) -> None:
    """Import PETRARCH/TABARI actor or agent dictionaries (e.g. the Phoenix files).

    Synonyms (+), date-restricted codes ([USAGOV >090120], [HOBGOV 950601-990815]), null codes
    ([---]), agents ([~GOV], [NGO~]), plurals and substitution sets are read; a line that cannot
    be read is reported (file and line) and the rest imports. Importing a file again replaces
    what it gave before.
    """
    from eventmill.actors.importers import import_petrarch

    _import_each(files, kb_file, source,
                 lambda f, kb_path: import_petrarch(f, kb_path, kind=kind, layer="under" if under else "over",
                                                    name=source))


@kb_group.command(name="import-officeholders")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@_KB_OPTION
@click.option("--under", is_flag=True,
              help="Layer below the built-in entries: built-in office terms win where both know a person.")
@click.option("--name", "source", default=None, help="Source name (default wikidata:FILENAME); one file only.")
@_handle_errors
def import_officeholders_cmd(files: tuple[str, ...], kb_file: str | None, under: bool, source: str | None) -> None:
    """Import Wikidata office-holder tables (officeholders_2022.csv or world_leaders_2021.csv
    layouts): jurisdictions become countries, positions roles and sectors
    (data/kb/office_roles.tsv), start and end dates office terms."""
    from eventmill.actors.importers import import_officeholders

    _import_each(files, kb_file, source,
                 lambda f, kb_path: import_officeholders(f, kb_path, layer="under" if under else "over",
                                                         name=source))


@kb_group.command(name="sources")
@_KB_OPTION
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
@_handle_errors
def sources_cmd(kb_file: str | None, as_json: bool) -> None:
    """List the imported sources, highest layer first, and the knowledge base's version."""
    from eventmill.actors.importers import list_sources
    from eventmill.actors.kb_layers import compiled_store_path
    from eventmill.actors.store import connect, content_hash

    kb_path = _kb_path(kb_file)
    found = list_sources(kb_path)
    over = [s for s in found if s.layer != "under"]
    under = [s for s in found if s.layer == "under"]
    ranked = [*reversed(over), *reversed(under)]
    if as_json:
        for s in ranked:
            click.echo(json.dumps({"source": s.source, "kind": s.kind, "layer": s.layer, "path": s.path,
                                   "sha1": s.sha1, "imported_at": s.imported_at, "records": s.records,
                                   "names": s.names, "warnings": s.warnings}))
        return
    click.echo(f"user KB: {kb_path}" + ("" if kb_path.exists() else " (not created yet)"))
    if found:
        conn = connect(kb_path, readonly=True)
        try:
            click.echo(f"version: {content_hash(conn)[:8]} (recorded in events as coder.data '...+kb.VERSION')")
        finally:
            conn.close()
    for s in ranked:
        click.echo(f"  {s.source:<45} {s.layer:<5} {s.kind:<16} {s.records:>7,} records {s.names:>7,} names  "
                   f"imported {s.imported_at}")
    built = compiled_store_path()
    click.echo(f"  {'eventmill (built-in tables)':<45} base  compiled store {built}"
               + ("" if built.exists() else " (built at first use)"))


@kb_group.command(name="remove")
@click.argument("sources", nargs=-1, required=True)
@_KB_OPTION
@_handle_errors
def remove_cmd(sources: tuple[str, ...], kb_file: str | None) -> None:
    """Remove imported sources (names as `eventmill kb sources` lists them)."""
    from eventmill.actors.importers import remove_source

    kb_path = _kb_path(kb_file)
    missing = 0
    for name in sources:
        if remove_source(kb_path, name):
            click.echo(f"removed {name} from {kb_path}")
        else:
            _err(f"error: {kb_path}: no source named {name!r} (see `eventmill kb sources`)")
            missing += 1
    if missing:
        sys.exit(1)


@kb_group.command(name="reindex")
@_KB_OPTION
@_handle_errors
def reindex_cmd(kb_file: str | None) -> None:
    """Import every source again from the file it came from (same layer, same name), e.g.
    after an upgrade of eventmill that changes how names are matched."""
    from eventmill.actors.importers import reindex

    kb_path = _kb_path(kb_file)
    results = reindex(kb_path)
    for r in results:
        if isinstance(r, ConfigError):
            _err(f"error: {r}")
        else:
            _print_report(r, kb_path)
    if any(isinstance(r, ConfigError) for r in results):
        sys.exit(1)


@kb_group.command(name="build")
@_handle_errors
def build_cmd() -> None:
    """Compile the built-in tables into the indexed store now (it is otherwise built at
    first use), e.g. when preparing a read-only installation."""
    from eventmill.actors.kb_layers import compile_store, compiled_store_path
    from eventmill.actors.kb_tables import load_tables

    t0 = time.perf_counter()
    path = compiled_store_path()
    try:
        compile_store(load_tables(), path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the compiled store ({exc}); set EVENTMILL_CACHE") from exc
    click.echo(f"compiled the built-in knowledge base into {path} in {time.perf_counter() - t0:.2f} s")


@kb_group.command(name="search")
@click.argument("name")
@click.option("--date", "day", type=DATE, default=None, help="Resolve as of this date (default: today).")
@_KB_OPTION
@click.option("--json", "as_json", is_flag=True, help="The explanation as JSON.")
@_handle_errors
def search_cmd(name: str, day: date | None, kb_file: str | None, as_json: bool) -> None:
    """What NAME resolves to on a date, and why: the entries it matched in each layer, which
    were excluded by date, and the resulting country, sector and code. The name alone is
    resolved; in a text, the title and country around it can change the answer."""
    from eventmill.actors.kb_layers import load_layered_kb
    from eventmill.actors.search import explain

    kb_path = Path(kb_file).expanduser() if kb_file else None
    kb = load_layered_kb(kb_path)
    result = explain(kb, name, day or date.today())
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(result.render())
    if result.answer is None:
        sys.exit(1)
