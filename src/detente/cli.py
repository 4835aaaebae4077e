"""The ``detente`` command line: thin wrappers over the library.

Exit codes: 0 success; 1 unexpected error; 2 bad input or arguments (including a batch in
which no input could be read); 3 the spaCy model cannot be loaded; 4 a data file is
broken; 5 the store cannot be opened or queried.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from detente import output
from detente.errors import DetenteError, InputError, exit_code

app = typer.Typer(
    help="Read news, code who did what to whom (CAMEO/PLOVER), and track relations between countries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)  # one message, one line, whatever the width

DbOption = Annotated[
    str, typer.Option("--db", help="Store: a DuckDB file path or a postgresql:// URL.", envvar="DETENTE_DB")
]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="Installed spaCy pipeline name or path.")
]
DateOption = Annotated[str | None, typer.Option("--date", help="Date for articles without one.")]
SourceOption = Annotated[
    str | None, typer.Option("--source", help="Source name for articles without one.")
]
InFormat = Annotated[
    str | None,
    typer.Option("--input-format", help="Force the input format: txt, jsonl, json, csv, tsv, html."),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json, jsonl or csv.")]
DyadOption = Annotated[str | None, typer.Option("--dyad", help="Two actors, e.g. GBR-RUS.")]
ActorOption = Annotated[str | None, typer.Option("--actor", help="An actor or country code.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="From this date (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Up to this date (YYYY-MM-DD).")]
LimitOption = Annotated[int | None, typer.Option("--limit", help="At most this many rows.")]
DictionaryOption = Annotated[
    list[Path] | None,
    typer.Option("--dictionary", "-d", help="Actor dictionary: CSV/YAML, PETRARCH actors or agents file, or a "
                 "data directory (repeatable)."),
]


def _gazetteer(dictionaries: list[Path] | None) -> Any:
    if not dictionaries:
        return None
    from detente.actors.dictionary import gazetteer_with

    return gazetteer_with(dictionaries)
ArticleOption = Annotated[
    str | None, typer.Option("--article", help="Only this article (its id or the source's id).")
]

DEFAULT_DB = "detente.duckdb"


def _check_format(fmt: str, allowed: tuple[str, ...] = output.FORMATS) -> None:
    if fmt not in allowed:
        raise InputError(f"unknown format '{fmt}'", hint=f"use one of {', '.join(allowed)}")


def _problem(problem: Any) -> None:
    err.print(f"[yellow]{'skipped' if problem.skipped else 'warning'}[/yellow] {problem}",
              highlight=False, markup=True, soft_wrap=True)


def _emit(fmt: str, items: list[Any], title: str, rows: Any = None) -> None:
    if fmt == "json":
        sys.stdout.write(output.to_json(items) + "\n")
    elif fmt == "jsonl":
        sys.stdout.write(output.to_jsonl(items))
    elif fmt == "csv":
        sys.stdout.write(output.to_csv(items))
    else:
        header, body = rows(items)
        console.print(output.render_table(title, header, body))


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    fmt: FormatOption = "table",
    model: ModelOption = None,
    date: DateOption = None,
    source: SourceOption = None,
    input_format: InFormat = None,
    dictionary: DictionaryOption = None,
) -> None:
    """Analyse articles and print actors, quotes and events (nothing is stored)."""
    from detente.batch import Summary, analyse_stream
    from detente.ingest.readers import read_inputs
    from detente.pipeline import Pipeline

    _check_format(fmt)
    pipeline = Pipeline(model, gazetteer=_gazetteer(dictionary))
    summary = Summary()
    items = read_inputs(paths, fmt=input_format, date=date, source=source)
    results = analyse_stream(items, pipeline, summary, _problem)
    if fmt == "json":
        data = [r.as_dict() for r in results]
        sys.stdout.write(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for result in results:
            sys.stdout.write(result.to_json() + "\n")
    elif fmt == "csv":
        sys.stdout.write(output.to_csv([e for r in results for e in r.events]))
    else:
        for result in results:
            for table in output.analysis_tables(result):
                console.print(table)
            for warning in result.warnings:
                err.print(f"warning: {warning}", markup=False)
    if summary.articles_read == 0:
        raise InputError("no article could be read", hint="see the messages above")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    model: ModelOption = None,
    date: DateOption = None,
    source: SourceOption = None,
    input_format: InFormat = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary.")] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="Processes (default: the machine's cores).")
    ] = None,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Analyse on Dask: 'local' or a scheduler, tcp://HOST:8786.")
    ] = None,
) -> None:
    """Analyse articles and store them (idempotent and resumable: stored articles are skipped)."""
    from detente.batch import default_workers
    from detente.batch import ingest as run
    from detente.ingest.readers import read_inputs
    from detente.pipeline import PipelineSpec
    from detente.progress import ProgressView, estimate_total
    from detente.store import open_store

    pipeline = PipelineSpec(model)  # built where the work runs: here, in workers or on Dask
    total = None if quiet else estimate_total(paths, input_format)
    with open_store(db) as store, ProgressView(err, total, enabled=not quiet) as view:
        items = read_inputs(paths, fmt=input_format, date=date, source=source)
        summary = run(items, pipeline, store, on_problem=_problem if not quiet else (lambda p: None),
                      on_progress=view.update, workers=workers or default_workers(), dask=dask)
    for line in summary.lines():
        console.print(line, markup=False, highlight=False)
    if summary.articles_read == 0:
        raise InputError("no article could be read", hint="see the messages above")


@app.command("import")
def import_(
    path: Annotated[str, typer.Argument(help="An events file: detente's jsonl/csv export, a Parquet export "
                                        "folder or file, or a GDELT 2.0 event table.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="jsonl, csv, parquet or gdelt "
                                            "(default: told from the name).")] = None,
) -> None:
    """Load stored events in bulk, read by DuckDB (articles already stored are skipped)."""
    from detente.store import open_store

    with open_store(db) as store:
        done = store.import_events(path, fmt)
    for line in done.lines():
        console.print(line, markup=False, highlight=False)


def _filters(**kwargs: Any) -> Any:
    from detente.store import Filters

    return Filters(**{k: v for k, v in kwargs.items() if v is not None})


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    dyad: DyadOption = None,
    actor: ActorOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    code: Annotated[str | None, typer.Option(help="CAMEO code prefix, e.g. 19 or 0841.")] = None,
    quad: Annotated[int | None, typer.Option(help="Quad class 1–4.")] = None,
    modality: Annotated[str | None, typer.Option(help="asserted, negated, claimed, …")] = None,
    article: ArticleOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List stored events."""
    from detente.store import open_store

    _check_format(fmt)
    with open_store(db, read_only=True) as store:
        found = store.events(_filters(dyad=dyad, actor=actor, since=since, until=until, code=code,
                                      quad_class=quad, modality=modality, article_id=article,
                                      limit=limit))
    _emit(fmt, found, f"{len(found)} events", output.event_table_rows)


@app.command()
def quotes(
    db: DbOption = DEFAULT_DB,
    dyad: DyadOption = None,
    actor: ActorOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    article: ArticleOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List stored quotes with their speakers."""
    from detente.store import open_store

    _check_format(fmt)
    with open_store(db, read_only=True) as store:
        found = store.quotes(_filters(dyad=dyad, actor=actor, since=since, until=until,
                                      article_id=article, limit=limit))
    _emit(fmt, found, f"{len(found)} quotes", output.quote_table_rows)


@app.command()
def actors(
    db: DbOption = DEFAULT_DB,
    dyad: DyadOption = None,
    actor: ActorOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List stored actors by number of mentions."""
    from detente.store import open_store

    _check_format(fmt)
    with open_store(db, read_only=True) as store:
        found = store.actors(_filters(dyad=dyad, actor=actor, since=since, until=until, limit=limit))

    def rows(items: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
        header = ["code", "name", "country", "sector", "kind", "mentions", "articles"]
        return header, [[str(i[h] if i[h] is not None else "") for h in header] for i in items]

    _emit(fmt, found, f"{len(found)} actors", rows)


@app.command()
def summary(db: DbOption = DEFAULT_DB, top: Annotated[int, typer.Option(help="Dyads to show.")] = 10) -> None:
    """Counts in a store: articles, actors, events by quad class, the most active dyads."""
    from detente.events.ontology import QUAD_NAMES
    from detente.store import open_store

    with open_store(db, read_only=True) as store:
        s = store.summary(top)
    console.print(f"[bold]{s['articles']}[/bold] articles, {s['mentions']} actor mentions of "
                  f"{s['actors']} actors, {s['quotes']} quotes, [bold]{s['events']}[/bold] events")
    for quad, name in QUAD_NAMES.items():
        console.print(f"  {name:<22} {s['by_quad_class'].get(quad, 0):>6}")
    header = ["dyad", "events", "mean Goldstein"]
    rows = [[f"{d['a']}–{d['b']}", str(d["events"]), f"{d['mean_goldstein']:+.2f}"] for d in s["top_dyads"]]
    console.print(output.render_table("Most active dyads", header, rows))


@app.command()
def explain(
    target: Annotated[str, typer.Argument(help="An event id (or its first characters), or an article file.")],
    db: DbOption = DEFAULT_DB,
    sentence: Annotated[int | None, typer.Option(help="Only events of this sentence (0-based).")] = None,
    model: ModelOption = None,
) -> None:
    """Say why events were coded: evidence, frame, parse path to source and target, modality.

    Give a stored event's id, or a file to analyse now (every event, or one sentence's)."""
    from detente.explain import explain as lines_of

    if Path(target).is_file():
        from detente.ingest.readers import read_inputs
        from detente.pipeline import Pipeline
        from detente.records import Article

        pipeline = Pipeline(model)
        articles = [a for a in read_inputs([target]) if isinstance(a, Article)]
        for result in pipeline.analyze_many(articles):
            for event in result.events:
                if sentence is None or event.sentence == sentence:
                    for line in lines_of(result.article, event):
                        console.print(line, markup=False, highlight=False)
                    console.print("", markup=False)
        return
    from detente.store import open_store

    with open_store(db, read_only=True) as store:
        found = [e for e in store.events() if e.id.startswith(target)]
        if not found:
            raise InputError(f"no event with id or file '{target}'", hint="list ids with: detente events")
        for event in found:
            article = store.article(event.article_id)
            assert article is not None
            for line in lines_of(article, event):
                console.print(line, markup=False, highlight=False)


ByOption = Annotated[str, typer.Option("--by", help="Period: day, week, month or year.")]


@app.command()
def relations(
    a: Annotated[str, typer.Argument(help="First actor or country code, e.g. GBR.")],
    b: Annotated[str, typer.Argument(help="Second actor or country code, e.g. RUS.")],
    by: ByOption = "week",
    since: SinceOption = None,
    until: UntilOption = None,
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Relations of two actors per period: events by quad class, Goldstein, relations index."""
    from detente import relations as rel
    from detente.store import open_store

    _check_format(fmt, ("table", "csv", "json"))
    with open_store(db, read_only=True) as store:
        series = rel.relations(store, a, b, by=by, since=since, until=until)
    if fmt == "json":
        sys.stdout.write(json.dumps(series.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    flat = [{"period": p.start, **{f"{k}_{name}": v for k in ("ab", "ba", "both")
                                   for name, v in getattr(p, k).as_dict().items() if name != "direction"}}
            for p in series.periods]
    if fmt == "csv":
        sys.stdout.write(output.to_csv(flat))
        return
    if not series.periods:
        console.print(f"no events between {series.a} and {series.b}", markup=False)
        return

    def index(f: Any) -> str:
        return "—" if f.index is None else f"{f.index:+.2f}"

    header = ["period", f"{series.a}→{series.b}", f"{series.b}→{series.a}", "events", "quads",
              "ΣG", "mean G", "index", "art/src"]
    body = []
    for p in series.periods:
        both = p.both
        body.append([
            p.start, f"{p.ab.events} {index(p.ab)}", f"{p.ba.events} {index(p.ba)}", str(both.events),
            f"{both.verbal_cooperation}/{both.material_cooperation}/{both.verbal_conflict}/{both.material_conflict}",
            f"{both.goldstein_sum:+.1f}", "" if both.goldstein_mean is None else f"{both.goldstein_mean:+.2f}",
            index(both), f"{both.articles}/{both.sources}",
        ])
    console.print(output.render_table(
        f"{series.a}–{series.b} by {series.by}: story events and index per direction; both directions: "
        "events, quads (verbal coop/material coop/verbal conflict/material conflict), Goldstein sum "
        "and mean, relations index (−10…+10), articles/sources", header, body))
    for line in rel.chart(series):
        console.print(line, markup=False, highlight=False)


@app.command()
def alerts(
    dyad: DyadOption = None,
    since: SinceOption = None,
    by: ByOption = "week",
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Escalations and de-escalations of relations, with the events that drove them."""
    from detente import relations as rel
    from detente.store import open_store

    _check_format(fmt, ("table", "json"))
    with open_store(db, read_only=True) as store:
        found = rel.alerts(store, dyad=dyad, since=since, by=by)
    if fmt == "json":
        sys.stdout.write(output.to_json(found) + "\n")
        return
    if not found:
        console.print("no alerts", markup=False)
    for alert in found:
        console.print(f"{alert.kind.upper()} {alert.dyad} {alert.start}…{alert.end}: index "
                      f"{alert.index_before:+.2f} → {alert.index_after:+.2f} ({alert.change:+.2f}, "
                      f"z = {alert.z:+.1f}, {alert.events} events)", markup=False, highlight=False)
        for d in alert.drivers:
            who = f"{d.source.code if d.source else '?'}→{d.target.code if d.target else '?'}"
            console.print(f"  {d.day} {who} {d.code} {d.name} (Goldstein {d.goldstein:+g}, {d.modality}, "
                          f"{d.articles} articles) [{d.event_id[:8]}]", markup=False, highlight=False)
            console.print(f"    “{d.evidence}”", markup=False, highlight=False)


@app.command()
def watch(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Feed (RSS/Atom) or page addresses, http(s)://…")
    ] = None,
    sources_file: Annotated[
        list[Path] | None, typer.Option("--sources", help="File of addresses: one per line (# comments) or OPML "
                                        "(repeatable; re-read every round).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    model: ModelOption = None,
    every: Annotated[str, typer.Option("--every", help="Time between rounds: 90s, 15m, 2h.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One round, then exit.")] = False,
    state: Annotated[
        Path | None, typer.Option("--state", help="Remembered validators and entries (default: DB.watch.json).")
    ] = None,
    delay: Annotated[float, typer.Option("--delay", min=0, help="Seconds between requests to one host.")] = 1.0,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds per request.")] = 20.0,
    on_alert: Annotated[
        list[str] | None, typer.Option("--on-alert", help="Shell command run for each new alert, the alert as "
                                       "JSON on its stdin (repeatable).")
    ] = None,
    webhook: Annotated[
        list[str] | None, typer.Option("--webhook", help="URL that each new alert is POSTed to as JSON (repeatable).")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Alert period: day, week, month or year.")] = "week",
) -> None:
    """Poll feeds and pages politely, ingest new articles, print new alerts as JSON lines."""
    from detente.pipeline import PipelineSpec
    from detente.store import open_store
    from detente.watch import Fetcher, Round, parse_every, source_list
    from detente.watch import watch as run

    interval = parse_every(every)
    if by not in ("day", "week", "month", "year"):
        raise InputError(f"unknown period '{by}'", hint="use day, week, month or year")
    if state is None:
        state = Path(f"{db}.watch.json") if "://" not in db and db != ":memory:" else Path("detente-watch.json")
    addresses = source_list(sources or [], sources_file or [], _problem)
    addresses()  # a missing file or an empty list fails now, not after the model has loaded

    def report(round_: Round) -> None:
        for source in round_.reports:
            if source.status == "failed":
                err.print(f"failed {source.source}: {source.message}", markup=False, highlight=False)
        for failure in round_.delivery_failures:
            err.print(f"alert not delivered: {failure}", markup=False, highlight=False)
        s = round_.summary
        err.print(f"round: {len(round_.reports)} sources, {s.stored} new articles stored, "
                  f"{s.already_stored} already stored, {len(round_.alerts)} new alerts", markup=False)
        for alert in round_.alerts:
            sys.stdout.write(json.dumps(alert.as_dict(), ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()

    fetcher = Fetcher(state, timeout=timeout, delay=delay)
    with open_store(db) as store:
        try:
            run(addresses, PipelineSpec(model), store, fetcher, every=interval, once=once, on_round=report,
                on_problem=_problem, by=by, commands=on_alert or [], webhooks=webhook or [])
        except KeyboardInterrupt:
            err.print("stopped", markup=False)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="gdelt, jsonl, csv or parquet.")] = "gdelt",
    db: DbOption = DEFAULT_DB,
    out: Annotated[str | None, typer.Option("--out", "-o", help="File (a folder for parquet); "
                                            "standard output if omitted.")] = None,
) -> None:
    """Export stored events: GDELT 2.0 event table, JSON lines, CSV or Parquet by date."""
    from detente.export import export as run
    from detente.store import open_store

    with open_store(db, read_only=True) as store:
        n = run(store, fmt, out, stream=sys.stdout)
    if out:
        err.print(f"{n} rows written to {out}", markup=False, highlight=False)


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless told otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(envvar="DETENTE_TOKEN", show_default=False,
                                              help="Bearer token that allows POST /api/articles.")] = None,
    model: ModelOption = None,
    cors_origin: Annotated[list[str] | None, typer.Option(
        "--cors-origin", help="Allow this browser origin (CORS is off unless given; repeatable).")] = None,
) -> None:
    """Serve the HTTP API and the offline dashboard (pip install 'detente[web]')."""
    from detente.web import serve as run

    run(db, host=host, port=port, token=token, model=model, cors_origins=cors_origin,
        say=lambda line: err.print(line, markup=False, highlight=False))


eval_app = typer.Typer(help="Score detente on gold sets; `gate` checks the committed floors.",
                       no_args_is_help=True)
app.add_typer(eval_app, name="eval")
GoldFile = Annotated[Path, typer.Argument(help="Gold JSON lines file.", exists=True, dir_okay=False)]


def _print_scores(scores: object) -> None:
    sys.stdout.write(json.dumps(scores, indent=2) + "\n")


@eval_app.command("quotes")
def eval_quotes_cmd(gold: GoldFile, model: ModelOption = None) -> None:
    """Quote precision/recall/F1 (overlap and exact) and speaker accuracy."""
    from detente.evaluate import eval_quotes

    _print_scores(eval_quotes(gold, model))


@eval_app.command("actors")
def eval_actors_cmd(gold: GoldFile, model: ModelOption = None) -> None:
    """Actor country and country+sector precision/recall/F1 on PLOVER-format sentences."""
    from detente.evaluate import eval_actors

    _print_scores(eval_actors(gold, model))


@eval_app.command("events")
def eval_events_cmd(gold: GoldFile, model: ModelOption = None) -> None:
    """PLOVER event-type accuracy, dyad precision/recall/F1, events per gold event."""
    from detente.evaluate import eval_events

    _print_scores(eval_events(gold, model))


@eval_app.command("cameo")
def eval_cameo_cmd(
    gold: GoldFile,
    actors: Annotated[Path | None, typer.Option(help="PETRARCH actor dictionary.")] = None,
    agents: Annotated[Path | None, typer.Option(help="PETRARCH agent dictionary.")] = None,
    model: ModelOption = None,
) -> None:
    """Who→whom precision/recall/F1 and root-code agreement on PETRARCH2-format records."""
    from detente.evaluate import eval_cameo

    _print_scores(eval_cameo(gold, actors, agents, model))


@eval_app.command("amounts")
def eval_amounts_cmd(gold: GoldFile, model: ModelOption = None) -> None:
    """Amount precision/recall/F1 (spans overlapping ≥50%), value and kind accuracy."""
    from detente.evaluate import eval_amounts

    _print_scores(eval_amounts(gold, model))


@eval_app.command("places")
def eval_places_cmd(gold: GoldFile, model: ModelOption = None) -> None:
    """Event location accuracy (place and country) and coverage."""
    from detente.evaluate import eval_places

    _print_scores(eval_places(gold, model))


@eval_app.command("gate")
def eval_gate_cmd(
    gold_dir: Annotated[Path, typer.Option(help="Folder of the gold sets.")] = Path("tests/gold"),
    baseline: Annotated[Path, typer.Option(help="Floors to check.")] = Path("eval/baseline.json"),
    model: ModelOption = None,
    write_baseline: Annotated[
        bool, typer.Option(help="Write the measured scores, less a margin, as the new floors.")
    ] = False,
) -> None:
    """Score every committed gold set and fail (exit 1) if any score is below its floor."""
    from detente.evaluate import check, floors_from, gate_scores

    scores = gate_scores(gold_dir, model)
    _print_scores(scores)
    if write_baseline:
        baseline.parent.mkdir(parents=True, exist_ok=True)
        baseline.write_text(json.dumps(floors_from(scores), indent=2) + "\n", encoding="utf-8")
        return
    failures = check(scores, json.loads(baseline.read_text(encoding="utf-8")))
    for failure in failures:
        err.print(f"below baseline: {failure}", markup=False)
    if failures:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the analysis output (records)."""
    from detente.schema import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning detente errors into one line and an exit code."""
    try:
        app(args=argv, standalone_mode=False)
    except DetenteError as error:
        err.print(f"error: {error}", markup=False, highlight=False)
        sys.exit(exit_code(error))
    except (typer.Exit, SystemExit) as done:
        code = getattr(done, "exit_code", getattr(done, "code", 0))
        sys.exit(code or 0)
    except typer.Abort:
        err.print("aborted", markup=False)
        sys.exit(130)
    except Exception as exc:  # click usage errors (typer may bundle its own click) carry an exit code
        code = getattr(exc, "exit_code", None)
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(code)
        raise


if __name__ == "__main__":
    main()

