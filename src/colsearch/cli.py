"""Command line: click commands that parse options, call the library, render, and exit.

Exit status (ripgrep's convention): 0 success or hits found, 1 the query ran and nothing
matched, 2 an error (bad usage, no index, a damaged index, a page that failed to index).
Ctrl-C exits 130. Results go to stdout; progress, warnings and summaries to stderr.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any, NoReturn

import click

from . import render
from .errors import ColsearchError, PageError
from .index import default_index_dir, get_column, update_index
from .overview import columnists, similar, trend
from .search import FACETS, PERIODS, SORTS, search

EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _color(stream: Any) -> bool:
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def _fail(error: ColsearchError) -> NoReturn:
    click.echo(f"colsearch: error: {render.safe(error.message)}", err=True)
    if error.hint:
        click.echo(f"colsearch: hint: {error.hint}", err=True)
    sys.exit(EXIT_ERROR)


class _Group(click.Group):
    """Turns library errors into one clear message and exit 2, Ctrl-C into exit 130."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ColsearchError as error:
            _fail(error)
        except KeyboardInterrupt:
            click.echo("colsearch: interrupted; the index is as it was after its last commit", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except OSError as error:  # a full disk, a read-only folder: say so, no traceback
            _fail(
                ColsearchError(
                    f"{error.strerror or error}: {error.filename or ''}".rstrip(": "),
                    "Check free space and permissions of the index folder.",
                )
            )


index_option = click.option(
    "--index",
    "index_dir",
    default=default_index_dir,
    show_default="index/ or $COLSEARCH_INDEX",
    type=click.Path(file_okay=False),
    help="Index folder.",
)
output_options = [
    click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout."),
    click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON record per line on stdout."),
]


def _output(func: Any) -> Any:
    for option in reversed(output_options):
        func = option(func)
    return func


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="colsearch")
def main() -> None:
    """Full-text search for archives of saved opinion-column pages.

    \b
      colsearch index corpus/                 index a folder of saved pages
      colsearch query "SDGs humanitarian"     ranked columns with highlighted passages
      colsearch query ... --json | --jsonl    for scripts

    Exit status: 0 success or hits found, 1 nothing matched, 2 error, 130 interrupted.
    """


@main.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option("--rebuild", is_flag=True, help="Start afresh instead of updating.")
@click.option(
    "--wait",
    default=0.0,
    type=click.FloatRange(min=0),
    show_default=True,
    help="Seconds to wait for another index run to finish.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Extraction processes (default: one per core)."
)
@click.option("--follow-links", is_flag=True, help="Follow symbolic links that lead outside the folders.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
def index_command(
    paths: tuple[str, ...],
    index_dir: str,
    rebuild: bool,
    wait: float,
    workers: int | None,
    follow_links: bool,
    as_json: bool,
) -> None:
    """Index the pages under PATHS (.txt, .html, .htm, also .gz); only changes are read.

    JSON Lines files (.jsonl) of records that already have the fields are indexed too.

    Pages deleted from the folders leave the index. A page that cannot be read is reported
    on stderr and the run goes on; the exit status is then 2.

    \b
    Example: colsearch index corpus/ --index index/
    """
    bar: Any = None
    show_bar = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not show_bar or total < 200:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Extracting", file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)
            bar = None

    def on_error(path: str, message: str) -> None:
        if bar is not None:
            click.echo("", err=True)
        click.echo(f"colsearch: {render.safe(render.display_path(path))}: {render.safe(message)}", err=True)

    def notice(message: str) -> None:
        click.echo(f"colsearch: {message}", err=True)

    # SIGTERM (a cron job stopped, `kill`) stops as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        report = update_index(
            list(paths),
            index_dir,
            rebuild=rebuild,
            wait=wait,
            workers=workers,
            follow_links=follow_links,
            progress=progress,
            on_error=on_error,
            notice=notice,
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if as_json:
        click.echo(render.to_json(report.to_dict()))
    click.echo(f"colsearch: {render.report_text(report)}", err=True)
    sys.exit(EXIT_ERROR if report.failed else EXIT_OK)


@main.command("query")
@click.argument("text", nargs=-1, required=True)
@index_option
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(min=1), help="Hits to show.")
@click.option("--offset", default=0, type=click.IntRange(min=0), help="Hits to skip (paging).")
@click.option("--columnist", help="Only columns by this columnist (any case, part of the name is enough).")
@click.option("--since", help="Only columns posted on or after YYYY[-MM[-DD]].")
@click.option("--until", help="Only columns posted on or before YYYY[-MM[-DD]].")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--passages", default=3, show_default=True, type=click.IntRange(min=0), help="Passages per hit.")
@click.option(
    "--facet",
    "facets",
    multiple=True,
    type=click.Choice(FACETS),
    help="Counts of matching columns by columnist, year or month (repeatable).",
)
@_output
def query_command(
    text: tuple[str, ...],
    index_dir: str,
    limit: int,
    offset: int,
    columnist: str | None,
    since: str | None,
    until: str | None,
    sort: str,
    passages: int,
    facets: tuple[str, ...],
    as_json: bool,
    as_jsonl: bool,
) -> None:
    """Search the index: ranked columns, each with its best highlighted passages.

    \b
    Examples:
      colsearch query SDGs humanitarian
      colsearch query '"human rights"~3 columnist:yang' --since 2021
      colsearch query 'denuclear* -sanctions' --sort newest --json

    Exit status: 0 hits found, 1 nothing matched, 2 error.
    """
    result = search(
        " ".join(text),
        index_dir,
        columnist=columnist,
        since=since,
        until=until,
        sort=sort,
        limit=limit,
        offset=offset,
        passages=passages,
        facets=facets,
    )
    if as_json:
        click.echo(render.to_json(result.to_dict()))
    elif as_jsonl:
        click.echo(render.to_jsonl(hit.to_dict() for hit in result.hits), nl=False)
        for note in result.notes:
            click.echo(f"colsearch: {note}", err=True)
    else:
        click.echo(render.result_text(result, color=_color(sys.stdout)))
    sys.exit(EXIT_OK if result.total else EXIT_NO_MATCH)


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_output
def extract_command(paths: tuple[str, ...], as_json: bool, as_jsonl: bool) -> None:
    """Show what colsearch reads from each page, without indexing.

    \b
    Example: colsearch extract corpus/koreatimes/*.txt --jsonl
    """
    from .extract import extract_path
    from .pages import iter_page_files

    columns = []
    failed = 0

    def on_error(path: str, message: str) -> None:
        nonlocal failed
        failed += 1
        click.echo(f"colsearch: {render.safe(render.display_path(path))}: {render.safe(message)}", err=True)

    for page in iter_page_files(paths, on_error=on_error):
        try:
            found, problems = extract_path(page.path)
        except PageError as error:
            on_error(page.path, error.message)
            continue
        for message in problems:
            on_error(page.path, message)
        columns.extend(found)
        for column in found:
            if as_jsonl:
                click.echo(render.to_jsonl([column.to_dict()]), nl=False)
            elif not as_json:
                click.echo(render.extracted_text(column))
    if as_json:
        click.echo(render.to_json([c.to_dict() for c in columns]))
    sys.exit(EXIT_ERROR if failed else EXIT_OK)


@main.command("show")
@click.argument("column_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="The column as one JSON object.")
def show_command(column_id: str, index_dir: str, as_json: bool) -> None:
    """Show one whole column: its fields and body. IDs come from `colsearch query`.

    \b
    Example: colsearch show 808b387760a10f76
    """
    column, paths = get_column(column_id, index_dir)
    if as_json:
        data = column.to_dict()
        data["paths"] = paths
        data["path"] = paths[0]
        click.echo(render.to_json(data))
    else:
        click.echo(render.column_text(column, paths, color=_color(sys.stdout)), nl=False)


@main.command("columnists")
@index_option
@_output
def columnists_command(index_dir: str, as_json: bool, as_jsonl: bool) -> None:
    """Every columnist in the index, with column count and first and last posted date.

    \b
    Example: colsearch columnists --json
    """
    stats = columnists(index_dir)
    if as_json:
        click.echo(render.to_json([s.to_dict() for s in stats]))
    elif as_jsonl:
        click.echo(render.to_jsonl(s.to_dict() for s in stats), nl=False)
    else:
        click.echo(render.columnists_text(stats), nl=False)


@main.command("trend")
@click.argument("text", nargs=-1, required=True)
@index_option
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="The counts as one JSON object.")
def trend_command(text: tuple[str, ...], index_dir: str, by: str, as_json: bool) -> None:
    """How many columns match a query per month or year, as a bar chart.

    \b
    Example: colsearch trend "climate OR energy" --by year

    Exit status: 0 columns matched, 1 none did, 2 error.
    """
    result = trend(" ".join(text), index_dir, by=by)
    if as_json:
        click.echo(render.to_json(result.to_dict()))
    else:
        click.echo(render.trend_text(result, color=_color(sys.stdout)), nl=False)
    sys.exit(EXIT_OK if result.total else EXIT_NO_MATCH)


@main.command("similar")
@click.argument("column_id")
@index_option
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(min=1))
@_output
def similar_command(column_id: str, index_dir: str, limit: int, as_json: bool, as_jsonl: bool) -> None:
    """Columns most like the given one (by their most distinctive words).

    \b
    Example: colsearch similar 693f2c64
    """
    hits = similar(column_id, index_dir, limit=limit)
    if as_json:
        click.echo(render.to_json({"id": column_id, "hits": [h.to_dict() for h in hits]}))
    elif as_jsonl:
        click.echo(render.to_jsonl(h.to_dict() for h in hits), nl=False)
    else:
        click.echo("\n\n".join(render.hit_text(h, color=_color(sys.stdout)) for h in hits))
    sys.exit(EXIT_OK if hits else EXIT_NO_MATCH)


@main.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(min=0, max=65535))
def serve_command(index_dir: str, host: str, port: int) -> None:
    """A local web page for searching and browsing the archive (read-only).

    \b
    Example: colsearch serve --index index/ --port 8000
    """
    from .web import serve  # the web stack loads only for this command

    serve(index_dir, host=host, port=port)
