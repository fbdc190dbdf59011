"""The `collab` command: serve, manage the database, load sources, and start the demo."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from app import __version__, logs, user_commands
from app.accounts.reset import reset_keeping_accounts
from app.graph import Graph, GraphError, open_graph
from app.settings import Settings
from loaders.options import LoadOptions

DEMO_BIB = Path(__file__).parent / "demo" / "demo.bib"
T = TypeVar("T")


def _with_graph(settings: Settings, work: Callable[[Graph], Awaitable[T]]) -> T:
    """Run `work` on the graph; SIGTERM stops it as Ctrl-C does (KeyboardInterrupt, the graph closed first,
    so the embedded engine stops when no other collab process uses it)."""
    terminated = False

    async def run() -> T:
        task = asyncio.current_task()
        assert task is not None

        def terminate() -> None:
            nonlocal terminated
            terminated = True
            task.cancel()

        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, terminate)
        graph = await open_graph(settings)
        try:
            return await work(graph)
        finally:
            await graph.close()

    try:
        return asyncio.run(run())
    except asyncio.CancelledError:
        if terminated:
            raise KeyboardInterrupt from None
        raise


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from app.server import create_app

    print(f"Collab Explorer on http://{settings.host}:{settings.port}/ ({settings.engine})", file=sys.stderr)
    logs.serving()
    # uvicorn's records go through our handler (log_config=None); the app writes one line per request itself.
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info", log_config=None,
                access_log=False, timeout_keep_alive=settings.keep_alive_s)
    return 0


def cmd_db_init(settings: Settings, args: argparse.Namespace) -> int:
    async def init(graph: Graph) -> None:
        await graph.apply_schema()

    _with_graph(settings, init)
    print(f"schema applied on {settings.engine}")
    return 0


def cmd_db_stats(settings: Settings, args: argparse.Namespace) -> int:
    status = _with_graph(settings, lambda g: g.status())
    print(f"engine: {status['engine']} ({status['version']})")
    for title, counts in (("nodes", status["nodes"]), ("relationships", status["relationships"])):
        print(f"{title}:")
        for name, count in sorted(counts.items()):
            print(f"  {name:<20} {count:>12,}")
        if not counts:
            print("  (none)")
    return 0


def cmd_db_check(settings: Settings, args: argparse.Namespace) -> int:
    from loaders.check import check

    report = _with_graph(settings, check)
    print(report.text(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def cmd_db_reset(settings: Settings, args: argparse.Namespace) -> int:
    if not args.yes:
        print("refusing to delete every node without --yes", file=sys.stderr)
        return 2
    async def reset(graph: Graph) -> None:
        from loaders.writer_lease import take_lease

        await take_lease(graph)  # refused while a load writes; the reset takes the lease away with everything else
        if args.accounts:
            await graph.reset()
        else:
            await reset_keeping_accounts(graph)
        await graph.compact()  # the log then starts from the empty graph, not from a history of deletions

    _with_graph(settings, reset)
    print("graph emptied; schema applied" if args.accounts else
          "loaded data deleted; users, sessions, tokens, follows and claims kept (--accounts deletes them too)")
    return 0


def cmd_load(settings: Settings, args: argparse.Namespace) -> int:
    from loaders.load import DEFAULT_BATCH, Summary, load
    from loaders.progress import Progress, wanted
    from loaders.sources import SOURCES

    source: str | None = args.source
    files = [Path(f) for f in args.files]
    if source not in SOURCES and source != "auto":
        files.insert(0, Path(args.source))  # `collab load FILE...`: the source is inferred per file
        source = None
    rejects = args.rejects or settings.data_dir / "rejects" / f"{time.strftime('%Y%m%d-%H%M%S')}.jsonl"

    async def run(graph: Graph) -> Summary:
        await graph.apply_schema()
        progress = Progress(enabled=wanted(under_ci=settings.under_ci) and not args.quiet)
        return await load(
            graph, None if source == "auto" else source, files, rejects,
            batch_size=args.batch_size or DEFAULT_BATCH, progress=progress, options=load_options(args),
        )

    summary = _with_graph(settings, run)
    print(summary.text())
    if summary.stopped:  # a file cut short: what came before it is in the graph, the rest is not
        print(f"collab: error: {len(summary.stopped)} file(s) could not be read to the end; the records before "
              "the break were loaded", file=sys.stderr)
        return 1
    return 0


def load_options(args: argparse.Namespace) -> LoadOptions:
    """The load's options from its command line."""
    return LoadOptions(
        owner=args.owner, as_of=args.as_of, front_matter=not args.no_front_matter,
        max_paired_authors=args.max_paired_authors,
    )


def owner_name(text: str) -> str:
    """--owner: a name, spaces tidied."""
    name = " ".join(text.split())
    if not name:
        raise argparse.ArgumentTypeError("needs the profile owner's name, e.g. --owner 'Guoying Zhao'")
    return name


def positive_count(text: str) -> int:
    """--max-paired-authors: a whole number of at least 2 (fewer authors make no pair anyway)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number, e.g. 500") from None
    if value < 2:
        raise argparse.ArgumentTypeError(f"{value} is too small: at least 2 authors make a pair")
    return value


def as_of_date(text: str) -> date:
    """--as-of: an ISO date not after today (an export cannot be taken later)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD, e.g. 2026-03-01") from None
    if day > date.today():
        raise argparse.ArgumentTypeError(f"{day} is after today: give the day the export was taken")
    return day


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Load the bundled demo graph when the graph is empty, then serve it."""
    from loaders.load import load

    async def seed(graph: Graph) -> str:
        await graph.apply_schema()
        if (await graph.counts())["nodes"]:
            return "graph already holds data; demo not loaded again"
        summary = await load(graph, "bibtex", [DEMO_BIB], settings.data_dir / "rejects" / "demo.jsonl")
        return "demo loaded:\n" + summary.text()

    print(_with_graph(settings, seed), file=sys.stderr)
    if args.no_serve:
        return 0
    return cmd_serve(settings, args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="collab", description="Explore who works with whom in research.")
    parser.add_argument("--version", action="version", version=f"collab {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the engine and loaders do")
    sub = parser.add_subparsers(dest="command", required=True)

    def server_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", help="address to listen on (COLLAB_HOST; default 127.0.0.1)")
        p.add_argument("--port", type=int, help="port to listen on (COLLAB_PORT; default 8000)")

    serve = sub.add_parser("serve", help="serve the explorer and the GraphQL API")
    server_options(serve)
    serve.set_defaults(run=cmd_serve)

    db = sub.add_parser("db", help="manage the graph database").add_subparsers(dest="db_command", required=True)
    db.add_parser("init", help="apply the schema (keys, indexes); safe to repeat").set_defaults(run=cmd_db_init)
    db.add_parser("stats", help="count nodes per label and relationships per type").set_defaults(run=cmd_db_stats)
    db.add_parser(
        "check",
        help="verify co-author pairs and researchers' counters against AUTHORED, leftovers of loads, key lengths",
        description="Exit 0 with a one-line summary when the graph holds what the loaders promise; "
        "otherwise print each problem with examples and exit 1.",
    ).set_defaults(run=cmd_db_check)
    reset = db.add_parser("reset", help="delete the loaded data (accounts, follows and claims stay unless --accounts)")
    reset.add_argument("--yes", action="store_true", help="really delete everything")
    reset.add_argument("--accounts", action="store_true",
                       help="delete users, sessions, access tokens, follows and claims too: every node")
    reset.set_defaults(run=cmd_db_reset)

    load = sub.add_parser(
        "load", help="load files of a source: arxiv, openalex, dblp, bibtex, profile (or auto)",
        description="collab load <source> FILE...  or  collab load FILE... (source inferred from each file)",
    )
    load.add_argument("source", help="arxiv, openalex, dblp, bibtex, profile, auto, or the first file")
    load.add_argument("files", nargs="*", help="files to load (.gz, .xz, .bz2 are read as they are)")
    load.add_argument("--rejects", type=Path, help="where to write malformed records (JSON lines)")
    load.add_argument("--batch-size", type=int, help="records per atomic write (default 2000)")
    load.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    load.add_argument(
        "--owner", type=owner_name, metavar="NAME",
        help="whose profile the profile exports are (default: the name the file shows; a card without one takes "
        "the name on at least half its listings, else this option is required)",
    )
    load.add_argument(
        "--as-of", type=as_of_date, metavar="DATE",
        help="the day the profile exports were taken, YYYY-MM-DD (default today): card listings without a year "
        "are dated in its year, or the year before when the day would come after it",
    )
    load.add_argument(
        "--no-front-matter", action="store_true",
        help="load editorials, prefaces, indexes, proceedings volumes and the like as research works: by default "
        "they are papers of kind front-matter, shown on profiles but making no co-authorship (no pair, no path hop)",
    )
    load.add_argument(
        "--max-paired-authors", type=positive_count, default=LoadOptions().max_paired_authors, metavar="N",
        help="a paper with more than N authors (default %(default)s) keeps its authorships but makes no co-author "
        "pairs, which would number N*(N-1)/2; the summary says how many papers that was",
    )
    load.set_defaults(run=cmd_load)

    user_commands.add_parser(sub, _with_graph)

    demo = sub.add_parser("demo", help="load the bundled demo graph if the graph is empty, then serve")
    server_options(demo)
    demo.add_argument("--no-serve", action="store_true", help="load only")
    demo.set_defaults(run=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {k: v for k in ("host", "port") if (v := getattr(args, k, None)) is not None}
    settings = Settings(**overrides)
    logs.configure(settings, logging.INFO if args.verbose else logging.WARNING)
    try:
        return int(args.run(settings, args))
    except (GraphError, OSError, ValueError) as e:  # FormatError is a ValueError: the message says what was expected
        print(f"collab: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("collab: interrupted; whole batches only were written; run the same command again to finish",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
