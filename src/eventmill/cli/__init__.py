"""The ``eventmill`` command: a thin layer over the Python API.

Every command reports bad input as one line on stderr (``eventmill: FILE:LINE: problem``)
and goes on with the rest; the exit code is non-zero only when nothing could be
processed (1) or the command line itself is wrong (2).
"""

from __future__ import annotations

import atexit
import functools
import gc
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from eventmill import __version__
from eventmill.errors import ConfigError, EventmillError, InputError, InputWarning, StoreError
from eventmill.export import FORMATS as EXPORT_FORMATS

F = TypeVar("F", bound=Callable[..., Any])

# The interpreter's last act is a full collection over every object still alive: the model's,
# the gazetteer's, the lexicon's, millions that are about to be freed with the process anyway.
# Frozen out of the collector at exit, they are not walked: a one-sentence `eventmill code`
# ends 0.3-0.6 s of CPU sooner (benchmarks/startup.py). Nothing is skipped but that walk:
# files are flushed and closed, exit handlers run.
atexit.register(gc.freeze)


def _err(msg: str) -> None:
    click.echo(f"eventmill: {msg}", err=True)


def _problem(item: InputError | InputWarning) -> None:
    kind = "error" if isinstance(item, InputError) else "warning"
    _err(f"{kind}: {item}")


def _handle_errors(fn: F) -> F:
    """Our own errors become one line and exit code 1 (2 for usage); never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ConfigError as exc:
            _err(f"error: {exc}")
            sys.exit(2)
        except (StoreError, EventmillError) as exc:
            _err(f"error: {exc}")
            sys.exit(1)
        except BrokenPipeError:  # `eventmill query | head`
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:
            if not _is_database_error(exc):
                raise
            _err(f"error: database: {str(exc).splitlines()[0]}")  # a bad SQL query or a damaged database file
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _is_database_error(exc: BaseException) -> bool:
    """A DuckDB error (imported by the commands that open a store; `code` never loads DuckDB)."""
    duckdb = sys.modules.get("duckdb")
    return duckdb is not None and isinstance(exc, duckdb.Error)


class _DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2021-07-27", param, ctx)


DATE = _DateType()


_SIZE_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mb": 1 << 20,
               "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30}


class _SizeType(click.ParamType):
    """A size in bytes: ``16MB``, ``16MiB``, ``500k``, ``2G`` or a plain number of bytes."""

    name = "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().replace(" ", "")
        number = text.rstrip("kmgib")
        try:
            n = int(float(number) * _SIZE_UNITS[text[len(number):]])
        except (KeyError, ValueError):
            self.fail(f"{value!r} is not a size; use e.g. 16MB, 500k or 2G", param, ctx)
        if n < 1:
            self.fail(f"{value!r}: a size must be at least 1 byte", param, ctx)
        return n


SIZE = _SizeType()


def _read_options(fn: F) -> F:
    """Options shared by the commands that read documents."""
    opts = [
        click.option(
            "--date",
            "default_date",
            type=DATE,
            default=None,
            help="Publication date for documents that carry none (a .txt file, a record without one).",
        ),
        click.option(
            "--format",
            "input_format",
            type=click.Choice(["txt", "jsonl", "csv", "tsv", "html", "feed", "warc", "parquet"]),
            default=None,
            help="Read every input as this format (default: by file extension).",
        ),
        click.option("--max-record", "max_record", type=SIZE, default="16MiB", show_default=True,
                     help="Longest record read whole (a line, a CSV row, a page, a feed, a WARC record)."),
        click.option("--max-decompressed", "max_decompressed", type=SIZE, default=None,
                     help="What a compressed file may unpack to (default: 100 times its compressed size)."),
        click.option("--text-col", default="text", show_default=True, help="CSV column holding the text."),
        click.option("--id-col", default="id", show_default=True, help="CSV column holding the document id."),
        click.option("--date-col", default="date", show_default=True, help="CSV column holding the date."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _options(default_date: date | None, input_format: str | None, text_col: str, id_col: str, date_col: str,
             max_record: int, max_decompressed: int | None):
    from eventmill.ingest import ReadOptions

    return ReadOptions(
        format=input_format, text_col=text_col, id_col=id_col, date_col=date_col, default_date=default_date,
        max_record_bytes=max_record, max_decompressed_bytes=max_decompressed,
    )


def _filter_options(fn: F) -> F:
    """Event filters shared by query and export (one implementation: EventFilter)."""
    opts = [
        click.option("--actor", help="Actor code prefix, e.g. IRQ or IRQGOV."),
        click.option("--recipient", help="Recipient code prefix."),
        click.option("--party", help="Actor or recipient code prefix."),
        click.option("--exact", is_flag=True, help="--actor, --recipient and --party match whole codes, not prefixes."),
        click.option("--country", help="ISO3 country of actor, recipient or location."),
        click.option("--actor-country", help="ISO3 country of the actor."),
        click.option("--recipient-country", help="ISO3 country of the recipient."),
        click.option("--sector", help="Sector of actor or recipient, e.g. GOV, MIL, REB."),
        click.option("--event", "event_types", multiple=True, help="PLOVER type (repeatable)."),
        click.option("--cameo", help="CAMEO code prefix, e.g. 19 or 042."),
        click.option("--quad", "quad_codes", multiple=True, type=click.IntRange(1, 4), help="Quad class (repeatable)."),
        click.option(
            "--aux",
            multiple=True,
            type=click.Choice(["negated", "future", "hypothetical", "historical"]),
            help="Only events with this auxiliary mode (repeatable).",
        ),
        click.option("--with-negated", is_flag=True, help="Include negated events (left out by default)."),
        click.option("--since", type=DATE, help="Events on or after this date."),
        click.option("--until", type=DATE, help="Events on or before this date."),
        click.option("--min-confidence", type=float, help="Only events at least this confident (0-1)."),
        click.option("--bbox", help="Event location within WEST,SOUTH,EAST,NORTH (degrees), e.g. 35,29,49,38."),
        click.option("--text", help="Substring of the evidence sentence, the trigger or either party's text."),
        click.option("--story", "story_id", help="Only events from this story id."),
        click.option("--order", default="date", show_default=True, help="Sort key; prefix - for descending."),
        click.option("--limit", type=int, help="At most this many events."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _filter(**kw: Any):
    from eventmill.store import EventFilter

    return EventFilter.from_kwargs(
        actor=kw.get("actor"),
        recipient=kw.get("recipient"),
        party=kw.get("party"),
        exact=bool(kw.get("exact")),
        country=kw.get("country"),
        actor_country=kw.get("actor_country"),
        recipient_country=kw.get("recipient_country"),
        sector=kw.get("sector"),
        event=list(kw.get("event_types") or []),
        cameo=kw.get("cameo"),
        quad_code=list(kw.get("quad_codes") or []),
        aux=list(kw.get("aux") or []),
        include_negated=bool(kw.get("with_negated")),
        since=kw.get("since"),
        until=kw.get("until"),
        min_confidence=kw.get("min_confidence"),
        bbox=kw.get("bbox"),
        text=kw.get("text"),
        story_id=kw.get("story_id"),
        order=kw.get("order") or "date",
        limit=kw.get("limit"),
    )


class _Progress:
    """A progress bar on stderr when stderr is a terminal: documents and events done, their
    rates, and (when the input size is known) how far through the input bytes it is."""

    def __init__(self, label: str, total_bytes: int | None = None) -> None:
        self.enabled = sys.stderr.isatty()
        self.label = label
        self.total = total_bytes
        self._progress: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
            if self.total:
                columns += [BarColumn(), TaskProgressColumn(), TimeRemainingColumn()]
            columns.append(TimeElapsedColumn())
            self._progress = Progress(*columns, console=Console(stderr=True), transient=False)
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total)
        return self

    def update(self, docs: int, events: int, elapsed: float, done_bytes: int | None = None) -> None:
        if self._progress is not None:
            rate = docs / elapsed if elapsed > 0 else 0.0
            erate = events / elapsed if elapsed > 0 else 0.0
            self._progress.update(
                self._task,
                description=f"{self.label}: {docs} documents, {events} events, {rate:.1f} docs/s, {erate:.1f} events/s",
                completed=done_bytes,
            )

    def print(self, msg: str) -> None:
        if self._progress is not None:
            self._progress.console.print(msg, markup=False, highlight=False)
        else:
            click.echo(msg, err=True)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _run_with_progress(
    label: str, report: Any, body: Callable[[], object], total_bytes: int | None = None, options: Any = None
) -> None:
    import time

    start = time.monotonic()
    done = {"docs": 0}
    positions: dict[str, int] = {}
    if options is not None and total_bytes:
        options.on_read = lambda path, pos: positions.__setitem__(path, pos)
    with _Progress(label, total_bytes) as progress:
        report.on_problem = lambda item: progress.print(
            f"eventmill: {'error' if isinstance(item, InputError) else 'warning'}: {item}"
        )

        def show() -> None:
            progress.update(done["docs"], report.events, time.monotonic() - start, sum(positions.values()) or None)

        def on_document(_doc: Any) -> None:
            done["docs"] += 1
            show()

        report.on_document = on_document
        body()
        if total_bytes:
            positions.clear()
            positions["all"] = total_bytes  # every input read to its end
            show()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventmill")
def main() -> None:
    """eventmill: turn news into political event data (PLOVER/CAMEO), offline.

    \b
    Quick start:
      eventmill code examples/ministers-meet.txt --date 2026-03-10
      eventmill ingest examples/ --db eventmill.duckdb
      eventmill query --db eventmill.duckdb --actor IRQ
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    help="Write events here (JSON Lines); default stdout.",
)
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out events less confident than this (trades recall for precision; see docs/evaluation.md).")
@click.option("--mentions", "per_mention", is_flag=True,
              help="One record per sentence that reports an event, instead of one per event.")
@_read_options
@_handle_errors
def code(paths: tuple[str, ...], output: str, min_confidence: float, per_mention: bool, **read_kw: Any) -> None:
    """Code documents to events, one JSON object per line (no database needed).

    PATHS are files (.txt, .jsonl, .csv, .tsv, .html), directories, glob patterns or - for
    standard input. Each event of a story is one record, with the sentences that report it in
    ``mentions``; --mentions writes one record per sentence instead. Output is deterministic:
    the same input gives byte-identical output.
    """
    import eventmill
    from eventmill.jobs import Report, code_paths

    options = _options(**read_kw)
    report = Report()
    pipeline = eventmill.get_pipeline()
    out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:

        def body() -> None:
            for doc in code_paths(paths, options, pipeline, report, per_mention):
                for ev in doc.events if per_mention else doc.incidents:
                    if ev.confidence >= min_confidence:
                        out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
            out.flush()

        _run_with_progress("coding", report, body)
    finally:
        if out is not sys.stdout:
            out.close()
    _err(report.summary())
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default="eventmill.duckdb", show_default=True, help="Database file (created if missing).")
@click.option(
    "--workers",
    type=click.IntRange(1, 512),
    default=1,
    show_default=True,
    help="Coding processes (local engine: forked from this one, sharing its loaded model; this process writes); "
         "Dask: LocalCluster workers.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this machine; dask: a Dask cluster (docs/scale.md).",
)
@click.option(
    "--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://scheduler:8786 (default: a LocalCluster)."
)
@click.option(
    "--partition-size", type=click.IntRange(1), default=200, show_default=True, help="Dask: documents per partition."
)
@click.option(
    "--staging",
    type=click.Path(file_okay=False),
    help="Dask: folder for the partitions' Parquet files, shared with the workers (default: DB.staging).",
)
@click.option(
    "--commit-every", type=click.IntRange(1), default=64, show_default=True, help="Documents per transaction."
)
@click.option("--wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
              help="When another process holds the database, wait this long for it (default: say which and stop).")
@_read_options
@_handle_errors
def ingest(
    paths: tuple[str, ...],
    db: str,
    workers: int,
    engine: str,
    scheduler: str | None,
    partition_size: int,
    staging: str | None,
    commit_every: int,
    wait: float,
    **read_kw: Any,
) -> None:
    """Code a corpus into the database.

    Idempotent and resumable: stored documents are skipped, a text stored under another id
    is recorded as a duplicate, and each batch is one transaction, so an ingest stopped at
    any moment (Ctrl-C, kill) continues where it stopped when the same command is rerun.
    """
    import eventmill
    from eventmill.jobs import Report, ingest_paths, read_documents
    from eventmill.scale.stop import StopRequest
    from eventmill.store import Store

    if scheduler and engine != "dask":
        raise ConfigError("--scheduler needs --engine dask")
    options = _options(**read_kw)
    report = Report()
    total = _input_bytes(paths, options)
    # Ctrl-C or `kill`: stop after the batch in hand (a second Ctrl-C: now), keeping what is committed
    stop = StopRequest(lambda: _err("stopping after the current batch (Ctrl-C again to stop at once)"))
    try:
        with stop, Store(db, wait=wait) as store:
            _say_upgraded(db, store)
            if engine == "dask":
                from eventmill.scale.dask_engine import ingest_dask

                def body() -> object:
                    return ingest_dask(read_documents(paths, options, report), store, report, list(paths),
                                       scheduler=scheduler, workers=workers, partition_size=partition_size,
                                       staging=staging, stop=stop)
            else:
                pipeline = eventmill.get_pipeline()  # loaded once here; --workers N forks with it

                def body() -> object:
                    return ingest_paths(paths, store, options, pipeline, report, commit_every, workers, stop)

            _run_with_progress("ingesting", report, body, total_bytes=total, options=options)
            n_events, n_mentions = store.con.execute(
                "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_mentions)"
            ).fetchone() or (0, 0)
    except Exception:
        if not stop.forced:
            raise
        _interrupted(db, report)  # a second Ctrl-C broke a database call; its transaction was rolled back
    except KeyboardInterrupt:
        _interrupted(db, report)
    _err(f"{db}: {report.summary()}; the store holds {n_events} events from {n_mentions} event mentions")
    if not report.ok:
        sys.exit(1)


@main.command()
@click.option("--db", default="eventmill.duckdb", show_default=True, help="Database file.")
@click.option("--batch", type=click.IntRange(1), default=64, show_default=True, help="Documents per transaction.")
@click.option("--wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
              help="When another process holds the database, wait this long for it.")
@click.option("--top", type=click.IntRange(0), default=30, show_default=True,
              help="Rows of the change table by type and country (0: all).")
@_handle_errors
def recode(db: str, batch: int, wait: float, top: int) -> None:
    """Code the stored documents again with this eventmill's coder (after an upgrade).

    Every document another coder version coded is coded anew from its stored text, a
    batch per transaction, its events merged again; each event keeps the version that
    coded it. Stopped at any moment, the same command continues. At the end it reports,
    per event type and actor country, how the event counts changed.
    """
    import time

    import eventmill
    from eventmill.jobs import Report, recode_store
    from eventmill.scale.stop import StopRequest
    from eventmill.store import Store
    from eventmill.store import recode as rc

    if not Path(db).exists():
        raise StoreError(f"{db}: no such database; create it with `eventmill ingest PATH --db {db}`")
    report = Report()
    stop = StopRequest(lambda: _err("stopping after the current batch (Ctrl-C again to stop at once)"))
    try:
        with stop, Store(db, wait=wait) as store:
            _say_upgraded(db, store)
            pipeline = eventmill.get_pipeline()
            target = rc.describe_coder(pipeline.coder)
            others = [(info, n) for info, n in rc.versions(store.con) if info != pipeline.coder]
            if others:
                described = "; ".join(f"{n:,} by {rc.describe_coder(info) or 'an unknown coder'}"
                                      for info, n in others)
                _err(f"{db}: recoding {sum(n for _, n in others):,} documents ({described}) with {target}")
            start = time.monotonic()
            with _Progress("recoding", rc.pending(store.con, pipeline.coder) or None) as progress:
                report.on_problem = lambda item: progress.print(f"eventmill: error: {item}")

                def show(done: int, total: int) -> None:
                    progress.update(done, report.events, time.monotonic() - start, done)

                result = recode_store(store, pipeline, report, batch=batch, stop=stop, on_progress=show)
    except KeyboardInterrupt:
        _err(f"{db}: interrupted; the documents recoded so far are kept: rerun the same command to continue")
        sys.exit(130)
    if result.recode_id is None:
        _err(f"{db}: every document is coded by {target}; nothing to recode")
        return
    kept = f"; {result.failed:,} could not be coded and keep their old coding (errors above)" if result.failed else ""
    again = " (continued)" if result.resumed else ""
    _err(f"{db}: recoded {result.recoded:,} of {result.total:,} documents{again}{kept}")
    click.echo(format_changes(result.changes, top))


def format_changes(changes: list[dict[str, Any]], top: int = 30) -> str:
    """The recode's change report: events per type (all), then per type and actor country
    (the ``top`` largest changes)."""
    by_type: dict[str, list[int]] = {}
    for row in changes:
        tally = by_type.setdefault(str(row["event"]), [0, 0])
        tally[0] += int(row["before"])
        tally[1] += int(row["after"])
    lines = ["events by type", f"  {'event':<12}{'before':>8}{'after':>8}{'change':>8}"]
    for event, (before, after) in sorted(by_type.items()):
        lines.append(f"  {event:<12}{before:>8}{after:>8}{after - before:>+8}")
    total_before = sum(b for b, _ in by_type.values())
    total_after = sum(a for _, a in by_type.values())
    lines.append(f"  {'all':<12}{total_before:>8}{total_after:>8}{total_after - total_before:>+8}")
    moved = [r for r in changes if r["change"]]
    shown = moved if top == 0 else moved[:top]
    lines += ["", f"largest changes by type and actor country ({len(shown)} of {len(moved)} that changed)",
              f"  {'event':<12}{'country':<9}{'before':>8}{'after':>8}{'change':>8}"]
    for r in shown:
        lines.append(f"  {r['event']!s:<12}{r['country'] or '-':<9}{r['before']:>8}{r['after']:>8}{r['change']:>+8}")
    return "\n".join(lines)


def _say_upgraded(db: str, store: Any) -> None:
    for step in store.upgraded:
        _err(f"{db}: upgraded the store to {step}")


def _interrupted(db: str, report: Any) -> None:
    _err(f"{db}: interrupted after {report.read} documents read; what was committed is kept: "
         "rerun the same command to continue")
    sys.exit(130)


def _input_bytes(paths: tuple[str, ...], options: Any) -> int | None:
    """Total size of the input files, for the progress bar (None when reading stdin)."""
    from eventmill.ingest.paths import expand

    total = 0
    for entry in expand(paths, options):
        if entry == "-":
            return None
        if isinstance(entry, str):
            total += Path(entry).stat().st_size
    return total or None


_TABLE_COLUMNS = ("date", "event", "cameo", "actor", "recipient", "place", "aux", "event_text", "story_id")


def _table_row(ev: dict[str, Any]) -> list[str]:
    def who(a: dict[str, Any] | None) -> str:
        if not a:
            return ""
        return a.get("code") or a.get("entity_text") or ""

    loc = ev.get("event_loc") or {}
    return [
        ev.get("date") or "",
        ev["event"],
        ev.get("cameo") or "",
        who(ev.get("actor")),
        who(ev.get("recipient")),
        loc.get("name") or "",
        ",".join(ev.get("aux") or []),
        ev.get("event_text") or "",
        ev.get("story_id") or "",
    ]


@main.command()
@click.option("--db", default="eventmill.duckdb", show_default=True, help="Database file.")
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@_handle_errors
def query(db: str, fmt: str, **filter_kw: Any) -> None:
    """Show events from the database, filtered."""
    from eventmill.store import Store

    flt = _filter(**filter_kw)
    with Store(db, read_only=True) as store:
        if fmt == "jsonl":
            for ev in store.iter_events(flt):
                click.echo(json.dumps(ev, ensure_ascii=False))
        elif fmt == "csv":
            from eventmill.export import write_csv

            write_csv(store, flt, sys.stdout)
        else:
            from rich.console import Console
            from rich.table import Table

            table = Table(*_TABLE_COLUMNS, show_lines=False)
            n = 0
            for ev in store.iter_events(flt):
                table.add_row(*_table_row(ev))
                n += 1
            console = Console(width=max(Console().width, 160) if not sys.stdout.isatty() else None)
            console.print(table)
            _err(f"{n} events")


@main.command()
@click.option("--db", default="eventmill.duckdb", show_default=True, help="Database file.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Output file.")
@click.option("--with-text", is_flag=True, help="Include each event's evidence sentence (left out by default).")
@click.option("--header", is_flag=True, help="gdelt-tsv: write a header row (GDELT files have none).")
@_filter_options
@_handle_errors
def export(db: str, fmt: str, output: str, with_text: bool, header: bool, **filter_kw: Any) -> None:
    """Export events: jsonl (the output contract), csv or parquet (flat columns),
    plover-jsonl (strict PLOVER records), gdelt-tsv (GDELT 2.0 Events' 61 columns) or
    icews-tsv (the ICEWS columns). Negated events are left out unless asked for
    (--with-negated); docs/export.md shows how to load each in pandas and R."""
    from eventmill.export import export_events
    from eventmill.store import Store

    flt = _filter(**filter_kw)
    notes: list[str] = []
    with Store(db, read_only=True) as store:
        n = export_events(store, flt, fmt, Path(output), with_text=with_text, header=header, notes=notes)
    for note in notes:
        _err(note)
    _err(f"{output}: {n} events")


@main.command()
@click.option("--db", default="eventmill.duckdb", show_default=True, help="Database file.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--token",
    envvar="EVENTMILL_TOKEN",
    help="Bearer token that enables POST /code and /ingest (and opens the database for writing). "
    "Also read from EVENTMILL_TOKEN.",
)
@click.option("--max-body", type=SIZE, default="16MiB", show_default=True,
              help="Largest request body accepted (larger ones get 413 before they are read).")
@click.option("--cache-mb", type=click.IntRange(0), default=64, show_default=True,
              help="Memory for answers to repeated read requests (0: no cache); emptied by every write.")
@click.option("--in-memory/--on-disk", default=True, show_default=True,
              help="Read-only server: hold the joined events in memory (about 1.5 KB each; 3-4x less work per "
              "request) or read them from the file.")
@_handle_errors
def serve(db: str, host: str, port: int, token: str | None, max_body: int, cache_mb: int, in_memory: bool) -> None:
    """Serve the web app (at /) and the REST API (OpenAPI at /openapi.json, docs at /docs).

    Without --token the database is opened read-only: other readers may share it, and
    `eventmill ingest` must wait until the server stops. With --token the server holds
    the file for writing and ingests through POST /ingest (docs/serve.md).
    """
    from eventmill.serve import run

    if not Path(db).exists():
        raise StoreError(f"{db}: no such database; create it with `eventmill ingest PATH --db {db}`")
    mode = "read-write, POST /code and /ingest enabled" if token else "read-only"
    shown = f"[{host}]" if ":" in host else host

    def ready() -> None:  # only once the database is open and the port is listening
        _err(f"serving {db} ({mode}): the app at http://{shown}:{port}/ , the API docs at http://{shown}:{port}/docs")

    run(db, host=host, port=port, token=token, max_body=max_body, cache_mb=cache_mb, in_memory=in_memory,
        on_ready=ready)


@main.command()
@click.argument("query_text", metavar="SQL")
@click.option("--db", default="eventmill.duckdb", show_default=True, help="Database file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table", show_default=True)
@_handle_errors
def sql(query_text: str, db: str, fmt: str) -> None:
    """Run SQL against the database (tables: documents, event_mentions, events, ...;
    views: event_table, doc_counts)."""
    from eventmill.store import Store

    with Store(db, read_only=True) as store:
        df = store.sql(query_text)
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
    elif fmt == "jsonl":
        click.echo(df.to_json(orient="records", lines=True, date_format="iso"), nl=False)
    else:
        click.echo(df.to_string(index=False, max_colwidth=60))


@main.command()
@click.option("--db", default="eventmill.duckdb", show_default=True, help="Database file.")
@click.option("--by", type=click.Choice(["total", "day", "source"]), default="total", show_default=True)
@_handle_errors
def stats(db: str, by: str) -> None:
    """Document and event counts (per day or per source: the denominators for normalising)."""
    from eventmill.store import Store

    with Store(db, read_only=True) as store:
        if by == "total":
            click.echo(json.dumps(store.stats(), indent=2))
        else:
            key = "day" if by == "day" else "source"
            df = store.sql(
                f"SELECT {key}, sum(n_documents)::BIGINT AS documents, sum(n_coded)::BIGINT AS coded, "
                f"sum(n_duplicates)::BIGINT AS duplicates, sum(n_not_english)::BIGINT AS not_english, "
                f"sum(n_event_mentions)::BIGINT AS event_mentions "
                f"FROM doc_counts GROUP BY 1 ORDER BY 1"
            )
            click.echo(df.to_string(index=False))


@main.command()
@click.option("--db", default="eventmill.duckdb", show_default=True, help="Database file.")
@click.option("--status", type=click.Choice(["open", "fulfilled", "overdue", "broken", "superseded"]),
              help="Only commitments with this status.")
@click.option("--due-before", type=click.DateTime(["%Y-%m-%d"]), help="Only deadlines up to this day.")
@click.option("--due-after", type=click.DateTime(["%Y-%m-%d"]), help="Only deadlines from this day.")
@click.option("--actor", help="Actor code (prefix), e.g. USA or IRQGOV.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.option("--limit", type=int, default=1000, show_default=True)
@_handle_errors
def commitments(db: str, status: str | None, due_before: Any, due_after: Any, actor: str | None, fmt: str,
                limit: int) -> None:
    """Promises and announced actions with their deadlines and status (open, fulfilled,
    overdue, broken, superseded), each with its evidence sentence."""
    from eventmill.store import Store

    with Store(db, read_only=True) as store:
        df = store.commitments(status=status, actor=actor, limit=limit,
                               due_before=due_before.date() if due_before else None,
                               due_after=due_after.date() if due_after else None)
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
    elif fmt == "jsonl":
        click.echo(df.to_json(orient="records", lines=True, date_format="iso"), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("made on", "actor", "promised", "to", "deadline", "status", "resolved by", "evidence")
        for r in df.to_dict(orient="records"):
            cell = lambda v: "" if v is None or v != v else str(getattr(v, "date", lambda: v)())  # noqa: E731
            table.add_row(cell(r.get("made_on")), cell(r.get("actor_code")), cell(r.get("intended")),
                          cell(r.get("recipient_code")), cell(r.get("deadline")), cell(r.get("status")),
                          cell(r.get("resolved_on")), cell(r.get("evidence"))[:90])
        Console(width=max(Console().width, 160) if not sys.stdout.isatty() else None).print(table)
        _err(f"{len(df)} commitments")


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--pred",
    type=click.Path(exists=True, dir_okay=False),
    help="Score these predictions (JSON Lines) instead of running the coder.",
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False),
    help="Older predictions on the same set: print each figure before and after, the change and its "
    "paired-bootstrap 95% interval, and flag drops beyond it.",
)
@click.option(
    "--kind",
    type=click.Choice(["auto", "plover", "penta", "petrarch", "timex", "geo", "articles", "ipe"]),
    default="auto",
    show_default=True,
    help="Annotated-set format (auto: detected from the records).",
)
@click.option("--save-pred", type=click.Path(dir_okay=False),
              help="Write the coder's predictions here (IPE: the events mapped to the gold sentences).")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--limit", type=int, help="Only the first N gold records.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Drop predicted events below this confidence.")
@click.option("--resamples", type=click.IntRange(0), default=1000, show_default=True,
              help="Bootstrap resamples for the 95% intervals (0: none).")
@click.option("--seed", type=int, default=13, show_default=True,
              help="Seed of the bootstrap (the same seed gives the same intervals).")
@click.option("--fail-on-worse", is_flag=True, help="With --baseline: exit 1 when a figure is worse beyond noise.")
@_handle_errors
def eval_(gold: str, pred: str | None, baseline: str | None, kind: str, save_pred: str | None, as_json: bool,
          limit: int | None, min_confidence: float | None, resamples: int, seed: int, fail_on_worse: bool) -> None:
    """Score the coder against an annotated set (formats of ../shared/gold), every figure with a
    95% bootstrap interval; with --baseline, compare two sets of predictions (docs/evaluation.md)."""
    from eventmill.eval import evaluate, format_report
    from eventmill.jobs import Report

    report = Report(on_problem=_problem)
    result = evaluate(Path(gold), Path(pred) if pred else None, kind=kind, save_pred=save_pred, limit=limit,
                      min_confidence=min_confidence, baseline=Path(baseline) if baseline else None,
                      draws=resamples, seed=seed, report=report)
    click.echo(json.dumps(result, indent=1, default=str) if as_json else format_report(result))
    worse = [k for k, c in (result.get("comparison") or {}).get("figures", {}).items() if c["verdict"] == "worse"]
    if fail_on_worse and worse:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    help="Write annotations here (JSON Lines); default stdout.",
)
@_read_options
@_handle_errors
def annotate(paths: tuple[str, ...], output: str, **read_kw: Any) -> None:
    """The entity layer: per document, its time expressions, places and actors with
    offsets into the original text (one JSON object per document)."""
    import eventmill
    from eventmill.jobs import Report, annotation, code_paths

    options = _options(**read_kw)
    report = Report()
    pipeline = eventmill.get_pipeline()
    out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:

        def body() -> None:
            for doc in code_paths(paths, options, pipeline, report):
                out.write(json.dumps(annotation(doc), ensure_ascii=False) + "\n")
            out.flush()

        _run_with_progress("annotating", report, body)
    finally:
        if out is not sys.stdout:
            out.close()
    _err(report.summary())
    if not report.ok:
        sys.exit(1)


from eventmill.cli.kb import kb_group  # noqa: E402  (the kb commands use the helpers above)

main.add_command(kb_group)
