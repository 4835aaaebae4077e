"""Bulk import of event files a user already has, read by DuckDB, never row by row in Python.

``Store.import_events(path)`` (``detente import FILE``) loads a file of events straight
through DuckDB's readers: detente's own exports (``jsonl``, ``csv``, ``parquet``, which carry
each event's story, date, article URL and source) and GDELT 2.0 event tables (``gdelt``: 61
tab-separated columns, no header). The file becomes temporary tables in one SQL pass —
events, then their articles, stories and ``dyad_mentions`` rows derived by ``GROUP BY`` —
which the engine moves into the store in one transaction (:meth:`Store._move_staged`), so the
rollup and the stories always match the events, as after :meth:`Store.add`.

What an import keeps and what it cannot:

* events whose article is stored already are skipped (ids are content hashes, so importing
  a file twice, or into the store it came from, adds nothing); an article's events must
  therefore come in one file, as exports write them;
* articles are made from the events' fields (URL, source, date, story); their text is not in
  these files, so they are stored with an empty text: no evidence sentence, and
  ``Store.recluster()`` leaves their story as it came;
* GDELT rows are story events already: each becomes one asserted event (confidence 1) of a
  story of its own, its article is ``SOURCEURL`` (id: the first 16 hex digits of its MD5),
  its outlet the URL's host, its date ``SQLDATE``, its tone ``AvgTone`` (the article's tone).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from detente.errors import InputError
from detente.store.schema import BY_PAIR, COLUMNS, dyad_mentions_select, migrations

FORMATS = ("jsonl", "csv", "parquet", "gdelt")

#: Columns of the staged events: the ``events`` table's, plus the article fields the
#: exports carry (what :data:`detente.export.EVENT_COLUMNS` lists).
STAGED = (*COLUMNS["events"], "article_url", "article_source")

#: Tables an import writes, in order, each from the temporary table ``new_<table>``.
TABLES = ("articles", "events", "stories", "dyad_mentions")

_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".tsv": "gdelt"}


@dataclass(frozen=True)
class Imported:
    """What an import did: events and articles added, articles skipped as already stored."""

    events: int
    articles: int
    skipped: int

    def lines(self) -> list[str]:
        return [f"{self.events:,} events from {self.articles:,} articles imported; "
                f"{self.skipped:,} articles already stored were skipped"]


def detect_format(path: str | Path, fmt: str | None = None) -> str:
    """The import format of ``path``: ``fmt`` if given, else told from the name (a folder is
    a Parquet export; ``*.export.CSV`` and ``.tsv`` are GDELT)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise InputError(f"unknown import format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
        return fmt
    p = Path(path)
    if p.is_dir():
        return "parquet"
    name = p.name.lower().removesuffix(".gz")
    if name.endswith(".export.csv"):
        return "gdelt"
    found = _SUFFIXES.get(Path(name).suffix)
    if found is None:
        raise InputError(f"cannot tell the format of '{p.name}'", where=str(path),
                         hint=f"pass --format, one of {', '.join(FORMATS)}")
    return found


def _literal(text: str) -> str:
    """A SQL string literal (table functions take the file name as a constant)."""
    return "'" + text.replace("'", "''") + "'"


def _source(path: str | Path, fmt: str) -> str:
    """The DuckDB reader of ``path`` as a ``FROM`` item."""
    p = Path(path)
    if fmt == "parquet":
        files = str(p / "**" / "*.parquet") if p.is_dir() else str(p)
        # One export's files share one schema: no union_by_name (it reads every file's schema
        # first, a third of the time for the 1,095 daily files of three years).
        return f"read_parquet({_literal(files)}, hive_partitioning = false)"
    if fmt == "csv":
        return f"read_csv({_literal(str(p))}, header = true, all_varchar = true)"
    if fmt == "gdelt":
        columns = ", ".join(f"'{c}': 'VARCHAR'" for c in _gdelt_columns())
        return (f"read_csv({_literal(str(p))}, delim = '\t', header = false, quote = '', escape = '', "
                f"columns = {{{columns}}})")
    return f"read_json({_literal(str(p))}, format = 'newline_delimited', columns = {{{_JSON_COLUMNS}}})"


def _gdelt_columns() -> tuple[str, ...]:
    from detente.export import GDELT_COLUMNS

    return GDELT_COLUMNS


_ACTOR = "STRUCT(code VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR, kind VARCHAR)"
_PLACE = ("STRUCT(name VARCHAR, country VARCHAR, kind VARCHAR, precision VARCHAR, lat DOUBLE, lon DOUBLE, "
          "feature_id VARCHAR, full_name VARCHAR, text VARCHAR, \"start\" INTEGER, \"end\" INTEGER, via VARCHAR)")
#: Types of the fields of a ``jsonl`` export line (``Event.as_dict()`` plus article fields),
#: given so DuckDB does not sample the file to guess them.
_JSON_TYPES = {
    "id": "VARCHAR", "article_id": "VARCHAR", "sentence": "INTEGER", "start": "INTEGER", "end": "INTEGER",
    "code": "VARCHAR", "root_code": "VARCHAR", "base_code": "VARCHAR", "name": "VARCHAR",
    "goldstein": "DOUBLE", "quad_class": "INTEGER", "plover_event": "VARCHAR", "plover_mode": "VARCHAR",
    "trigger": "VARCHAR", "trigger_start": "INTEGER", "trigger_end": "INTEGER", "source": _ACTOR,
    "source_start": "INTEGER", "source_end": "INTEGER", "target": _ACTOR, "target_start": "INTEGER",
    "target_end": "INTEGER", "modality": "VARCHAR", "attributed_to": _ACTOR, "one_sided": "BOOLEAN",
    "confidence": "DOUBLE", "rule": "VARCHAR", "action": "VARCHAR", "location": _PLACE, "amounts": "JSON",
    "dead": "INTEGER", "injured": "INTEGER", "tone": "DOUBLE", "themes": "JSON", "published": "DATE",
    "story_id": "VARCHAR", "article_url": "VARCHAR", "article_source": "VARCHAR",
}
_JSON_COLUMNS = ", ".join(f"'{k}': '{v}'" for k, v in _JSON_TYPES.items())
_ACTOR_FIELDS = ("code", "name", "country", "sector", "kind")
_PLACE_FIELDS = ("name", "country", "kind", "precision", "lat", "lon", "feature_id", "full_name", "text",
                 "start", "end", "via")


def _party(country: str, code: str) -> str:
    """``rows.party`` in SQL: the country, else the code, else NULL."""
    return f"COALESCE(NULLIF({country}, ''), NULLIF({code}, ''))"


def _json_exprs() -> dict[str, str]:
    """Event columns of a ``jsonl`` export line (nested records flattened as ``rows.py`` does)."""
    out = {c: c for c in STAGED if c in _JSON_TYPES}
    out.update(start_char='"start"', end_char='"end"', doc_tone="NULL", outlet="NULL")
    for prefix, field in (("source", "source"), ("target", "target"), ("attributed", "attributed_to")):
        out.update({f"{prefix}_{f}": f"{field}.{f}" for f in _ACTOR_FIELDS})
        out[f"{prefix}_party"] = _party(f"{field}.country", f"{field}.code")
    out.update({f"location_{f}": f'location."{f}"' for f in _PLACE_FIELDS})
    # Stored as JSON text, NULL when empty (as ``rows._json_list`` writes them).
    for name in ("amounts", "themes"):
        out[name] = f"CASE WHEN json_array_length({name}) > 0 THEN CAST({name} AS VARCHAR) END"
    return out


_GDELT_KINDS = "CASE {t} WHEN '1' THEN 'country' WHEN '2' THEN 'admin1' WHEN '5' THEN 'admin1' ELSE 'city' END"
_GDELT_PRECISIONS = "CASE {t} WHEN '1' THEN 'country' WHEN '2' THEN 'region' WHEN '5' THEN 'region' ELSE 'city' END"


def _gdelt_exprs() -> dict[str, str]:
    """Event columns of a GDELT 2.0 event row (one story event, asserted)."""
    article = "left(md5(SOURCEURL), 16)"
    out = {
        "id": "'gdelt-' || GLOBALEVENTID", "article_id": article,
        "published": "CAST(strptime(SQLDATE, '%Y%m%d') AS DATE)", "sentence": "0", "start_char": "0",
        "end_char": "0", "code": "EventCode", "root_code": "EventRootCode", "base_code": "EventBaseCode",
        "name": "NULL", "goldstein": "CAST(GoldsteinScale AS DOUBLE)", "quad_class": "CAST(QuadClass AS INTEGER)",
        "trigger": "''", "trigger_start": "0", "trigger_end": "0", "modality": "'asserted'",
        "one_sided": "COALESCE(Actor2Code, '') = ''", "confidence": "1.0", "rule": "'gdelt'",
        "story_id": article, "doc_tone": "CAST(NULLIF(AvgTone, '') AS DOUBLE)", "outlet": "NULL",
        "article_url": "SOURCEURL", "article_source": r"regexp_extract(SOURCEURL, '^[a-z]+://([^/]+)', 1)",
    }
    for prefix, actor in (("source", "Actor1"), ("target", "Actor2")):
        present = f"NULLIF({actor}Code, '') IS NOT NULL"
        out.update({
            f"{prefix}_code": f"NULLIF({actor}Code, '')", f"{prefix}_name": f"NULLIF({actor}Name, '')",
            f"{prefix}_country": f"NULLIF({actor}CountryCode, '')", f"{prefix}_sector": f"NULLIF({actor}Type1Code, '')",
            f"{prefix}_kind": f"CASE WHEN NOT {present} THEN NULL WHEN COALESCE({actor}CountryCode, '') = '' "
                              f"AND COALESCE({actor}KnownGroupCode, '') <> '' THEN 'organisation' ELSE 'country' END",
            f"{prefix}_party": _party(f"{actor}CountryCode", f"{actor}Code"),
        })
    located = "COALESCE(ActionGeo_Type, '0') <> '0' AND NULLIF(ActionGeo_Lat, '') IS NOT NULL"
    place = {
        "name": "split_part(ActionGeo_FullName, ',', 1)", "kind": _GDELT_KINDS.format(t="ActionGeo_Type"),
        "precision": _GDELT_PRECISIONS.format(t="ActionGeo_Type"), "lat": "CAST(ActionGeo_Lat AS DOUBLE)",
        "lon": "CAST(ActionGeo_Long AS DOUBLE)", "feature_id": "ActionGeo_FeatureID",
        "full_name": "ActionGeo_FullName", "via": "'clause'",
    }
    out.update({f"location_{f}": f"CASE WHEN {located} THEN {e} END" for f, e in place.items()})
    return out


def _flat_exprs() -> dict[str, str]:
    """Event columns of a ``csv``/``parquet`` export: detente's own columns, by name."""
    return {c: c for c in STAGED}


_EXPRESSIONS = {"csv": _flat_exprs, "parquet": _flat_exprs, "jsonl": _json_exprs, "gdelt": _gdelt_exprs}


def events_select(path: str | Path, fmt: str) -> str:
    """A ``SELECT`` of the file's events as :data:`STAGED` columns (missing ones NULL)."""
    exprs = _EXPRESSIONS[fmt]()
    # What Store.add derives: every event has a story and an outlet (NumSources counts it).
    exprs["story_id"] = f"COALESCE({exprs.get('story_id', 'NULL')}, {exprs['article_id']})"
    exprs["outlet"] = (f"COALESCE(NULLIF({exprs['outlet']}, ''), NULLIF({exprs['article_source']}, ''), "
                       f"NULLIF({exprs['article_url']}, ''), {exprs['article_id']})")
    types = staged_types()
    columns = ", ".join(f"CAST({exprs.get(c, 'NULL')} AS {types[c]}) AS {c}" for c in STAGED)
    return f"SELECT {columns} FROM {_source(path, fmt)}"


@cache
def staged_types() -> dict[str, str]:
    """DuckDB type of each :data:`STAGED` column, read from the schema's own DDL (run once on an
    empty in-memory database), so a value the store cannot hold fails while the file is read."""
    con = duckdb.connect()
    try:
        for _version, statements in migrations():
            for statement in statements:
                con.execute(statement)
        found = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                            "WHERE table_name = 'events'").fetchall()
    finally:
        con.close()
    return {**dict(found), "article_url": "VARCHAR", "article_source": "VARCHAR"}


def stage(con: duckdb.DuckDBPyConnection, path: str | Path, fmt: str) -> None:
    """Read the file's events into the temporary table ``new_events`` of ``con``."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE new_events AS {events_select(path, fmt)}")


def derive(con: duckdb.DuckDBPyConnection, origin: str) -> None:
    """Stage the other ``new_<table>`` tables of :data:`TABLES` from ``new_events``, after
    dropping the events of articles stored already (``import_known``, made by
    :meth:`Store._mark_known`) and repeated rows of one id (concatenated exports)."""
    if con.execute("SELECT COUNT(*) FROM import_known").fetchone() != (0,):
        con.execute("DELETE FROM new_events WHERE article_id IN (SELECT id FROM import_known)")
    repeated = con.execute("SELECT COUNT(*) > COUNT(DISTINCT id) FROM new_events").fetchone()
    if repeated and repeated[0]:  # rare, and a window over every row is not free: only then
        con.execute("DELETE FROM new_events WHERE rowid IN (SELECT rowid FROM new_events "
                    "QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY rowid) > 1)")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE new_articles AS
SELECT article_id AS id, NULL AS external_id, ANY_VALUE(article_url) AS url, ANY_VALUE(article_source) AS source,
       MIN(published) AS published, NULL AS title, '' AS text, {_literal(origin)} AS origin, '[]' AS warnings,
       0 AS n_mentions, 0 AS n_quotes, COUNT(*) AS n_events, ANY_VALUE(story_id) AS story_id,
       ANY_VALUE(doc_tone) AS tone, NULL AS author
FROM new_events GROUP BY article_id""")
    con.execute("CREATE OR REPLACE TEMP TABLE new_stories AS SELECT story_id AS id, arg_min(id, published) "
                "AS article_id, MIN(published) AS first_published FROM new_articles GROUP BY story_id")
    # A view: computed once, while it is written (a table would copy a row per event again).
    con.execute(f"CREATE OR REPLACE TEMP VIEW new_dyad_mentions AS {dyad_mentions_select('new_events')}{BY_PAIR}")


#: Temporary tables and views an import makes, dropped when it ends (views first).
TEMPORARY = (("VIEW", "new_dyad_mentions"), ("TABLE", "import_known"), ("TABLE", "new_events"),
             ("TABLE", "new_articles"), ("TABLE", "new_stories"))
