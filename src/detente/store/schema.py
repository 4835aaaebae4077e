"""The store's schema, as versioned migrations in SQL both DuckDB and PostgreSQL accept.

``schema_version`` records the migrations applied; :func:`migrations` lists them in order.
Actor fields are flattened into ``<role>_code/_name/_country/_sector/_kind`` columns plus a
``<role>_party`` column (the country, or the organisation code for IGOs and NGOs), which is
what dyad queries compare.
"""

from __future__ import annotations

from detente.scoring import MODALITY_WEIGHTS

ACTOR_FIELDS = ("code", "name", "country", "sector", "kind")


def _actor_columns(prefix: str) -> str:
    return ",\n    ".join(
        [f"{prefix}_{f} TEXT" for f in ACTOR_FIELDS] + [f"{prefix}_party TEXT"]
    )


_V1 = [
    """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
)""",
    """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    external_id TEXT,
    url TEXT,
    source TEXT,
    published DATE,
    title TEXT,
    text TEXT NOT NULL,
    origin TEXT,
    warnings TEXT,
    n_mentions INTEGER,
    n_quotes INTEGER,
    n_events INTEGER,
    ingested_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
)""",
    f"""
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT,
    {_actor_columns("actor")},
    sentence INTEGER,
    cluster INTEGER,
    role TEXT,
    via TEXT,
    PRIMARY KEY (article_id, start_char, end_char)
)""",
    f"""
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    published DATE,
    sentence INTEGER,
    start_char INTEGER,
    end_char INTEGER,
    code TEXT NOT NULL,
    root_code TEXT NOT NULL,
    base_code TEXT,
    name TEXT,
    goldstein DOUBLE PRECISION,
    quad_class INTEGER,
    plover_event TEXT,
    plover_mode TEXT,
    trigger TEXT,
    trigger_start INTEGER,
    trigger_end INTEGER,
    {_actor_columns("source")},
    source_start INTEGER,
    source_end INTEGER,
    {_actor_columns("target")},
    target_start INTEGER,
    target_end INTEGER,
    modality TEXT,
    {_actor_columns("attributed")},
    one_sided BOOLEAN,
    confidence DOUBLE PRECISION,
    rule TEXT,
    action TEXT
)""",
    f"""
CREATE TABLE IF NOT EXISTS quotes (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    start_char INTEGER,
    end_char INTEGER,
    text TEXT,
    kind TEXT,
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    speaker_text TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    {_actor_columns("speaker")},
    sentence INTEGER,
    event_id TEXT
)""",
    "CREATE INDEX IF NOT EXISTS events_dyad ON events (source_party, target_party, published)",
    "CREATE INDEX IF NOT EXISTS events_article ON events (article_id)",
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id)",
    "CREATE INDEX IF NOT EXISTS mentions_party ON mentions (actor_party)",
]


#: Version 2: stories (near-duplicate clusters, :mod:`detente.stories`). Every article and
#: event carries its ``story_id``; the MinHash signature and LSH band keys of each article are
#: kept so later batches are clustered against everything stored. Rows written by version 1
#: have no story (NULL): queries count them as stories of their own until
#: ``Store.recluster()`` assigns them.
_V2 = [
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS story_id TEXT",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS story_id TEXT",
    # The article's outlet (source name, else URL, else id), what NumSources counts: kept on
    # the event so dyad aggregates need no join with the articles table.
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS outlet TEXT",
    "UPDATE events SET outlet = (SELECT COALESCE(a.source, a.url, a.id) FROM articles a "
    "WHERE a.id = events.article_id) WHERE outlet IS NULL",
    """
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    first_published DATE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
)""",
    """
CREATE TABLE IF NOT EXISTS story_signatures (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    published DATE,
    signature BYTEA NOT NULL
)""",
    """
CREATE TABLE IF NOT EXISTS story_bands (
    band_key BIGINT NOT NULL,
    article_id TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS story_bands_key ON story_bands (band_key)",
    "CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id)",
]


def weight_sql(alias: str = "e") -> str:
    """SQL for an event's weight: modality weight × confidence (constants, not user input)."""
    cases = " ".join(f"WHEN '{m}' THEN {float(w)!r}" for m, w in MODALITY_WEIGHTS.items())
    return f"(CASE {alias}.modality {cases} ELSE 0.0 END * COALESCE({alias}.confidence, 1.0))"


def dyad_mentions_select(source: str = "events") -> str:
    """The ``dyad_mentions`` rows (columns :data:`DYAD_MENTIONS`) of the events in ``source``:
    the events table, or a staged batch of event rows."""
    return f"""
SELECT LEAST(e.source_party, e.target_party) AS a, GREATEST(e.source_party, e.target_party) AS b,
       e.source_party AS src, e.target_party AS tgt, COALESCE(e.story_id, e.article_id) AS story_id,
       e.code, e.article_id, COALESCE(e.outlet, e.article_id) AS outlet,
       MIN(CAST(e.published AS DATE)) AS published, MAX({weight_sql("e")}) AS weight,
       MIN(e.quad_class) AS quad_class, MIN(e.goldstein) AS goldstein, COUNT(*) AS mentions
FROM {source} e
WHERE e.source_party IS NOT NULL AND e.target_party IS NOT NULL AND e.source_party <> e.target_party
  AND e.published IS NOT NULL
GROUP BY e.source_party, e.target_party, COALESCE(e.story_id, e.article_id), e.code, e.article_id,
         COALESCE(e.outlet, e.article_id)"""


def dyad_mentions_sql(source: str = "events", conflict: str = "") -> str:
    """``INSERT`` of the ``dyad_mentions`` rows of the events in ``source``, written in pair
    order (:data:`BY_PAIR`); ``conflict`` is appended (``ON CONFLICT …``)."""
    return f"INSERT INTO dyad_mentions ({', '.join(DYAD_MENTIONS)}){dyad_mentions_select(source)}{BY_PAIR}{conflict}"


#: Rollup rows are written sorted by pair: a pair's rows then sit together in the file, and
#: DuckDB decompresses the other columns only where the pair's filter matched (``relations``
#: on a store loaded by one import: 34–43 ms; written in ``Store.add`` batches: 57 ms).
BY_PAIR = " ORDER BY a, b"


#: Columns of ``dyad_mentions`` (version 3).
DYAD_MENTIONS = ("a", "b", "src", "tgt", "story_id", "code", "article_id", "outlet", "published",
                 "weight", "quad_class", "goldstein", "mentions")

#: Version 3: ``dyad_mentions``, what dyad aggregates read. One row per article and story
#: event between two parties — (story, source party, target party, code) — with the unordered
#: pair ``a < b``, the article's date and outlet, and the mentions' best weight, quad class,
#: Goldstein score and count. It is written with the events (``Store.add``), so it always
#: equals the rows it summarises (``tests/store/test_aggregates.py``); relations read a few
#: narrow columns for one pair instead of every wide event row. Weights follow
#: ``scoring.MODALITY_WEIGHTS``: a version changing them must rebuild the table.
_V3 = [
    """
CREATE TABLE IF NOT EXISTS dyad_mentions (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    src TEXT NOT NULL,
    tgt TEXT NOT NULL,
    story_id TEXT NOT NULL,
    code TEXT NOT NULL,
    article_id TEXT NOT NULL,
    outlet TEXT,
    published DATE NOT NULL,
    weight DOUBLE PRECISION,
    quad_class INTEGER,
    goldstein DOUBLE PRECISION,
    mentions INTEGER NOT NULL
)""",
    "DELETE FROM dyad_mentions",
    dyad_mentions_sql(),
    *(_DYAD_INDEXES := (
        "CREATE INDEX IF NOT EXISTS dyad_mentions_pair ON dyad_mentions (a, b)",
        # One row per article and story event: the key concurrent PostgreSQL writers conflict on.
        "CREATE UNIQUE INDEX IF NOT EXISTS dyad_mentions_key ON dyad_mentions (article_id, src, tgt, code)",
    )),
]

#: Statements DuckDB skips: its scans of the narrow rollup need no index (an index lookup is
#: not used for a pair with thousands of rows), a DuckDB file has one writer (no conflicts to
#: detect), and keeping these indexes up to date cost a third of the write time.
POSTGRES_ONLY = frozenset(_DYAD_INDEXES)


#: Columns of event context (``docs/context.md``): where the event happened (a flattened
#: :class:`~detente.records.Place`), its amounts and themes (JSON lists), casualty counts, the
#: tone of its sentence and of its article (``doc_tone``: GDELT's AvgTone).
CONTEXT_COLUMNS = (
    ("location_name", "TEXT"), ("location_country", "TEXT"), ("location_kind", "TEXT"),
    ("location_precision", "TEXT"), ("location_lat", "DOUBLE PRECISION"),
    ("location_lon", "DOUBLE PRECISION"), ("location_feature_id", "TEXT"),
    ("location_full_name", "TEXT"), ("location_text", "TEXT"), ("location_start", "INTEGER"),
    ("location_end", "INTEGER"), ("location_via", "TEXT"), ("amounts", "TEXT"), ("dead", "INTEGER"),
    ("injured", "INTEGER"), ("tone", "DOUBLE PRECISION"), ("themes", "TEXT"),
    ("doc_tone", "DOUBLE PRECISION"),
)

#: Version 4: event context columns, and each article's tone. Rows written before have
#: NULL context (no place, no amounts), which readers treat as "not known".
_V4 = [
    *[f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {name} {kind}" for name, kind in CONTEXT_COLUMNS],
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS tone DOUBLE PRECISION",
]


#: Version 5: the article's byline (pages and feeds name it; earlier rows have NULL).
_V5 = ["ALTER TABLE articles ADD COLUMN IF NOT EXISTS author TEXT"]


#: Version 6 (DuckDB only): the events table without its primary key and indexes. Keeping
#: them was most of the cost of a bulk write (1M events: 7.8 s with, 2.8 s without); the
#: scans of a pair never used them, and reading one article's events takes 14 ms instead of 7
#: on 1M events (a scan of one narrow column). Event ids stay unique by
#: construction: an id hashes its article's id, a write only adds events of articles the
#: store does not have (``Store.add``, ``Store.import_events``) and de-duplicates within
#: itself, and a DuckDB file has one writer. DuckDB cannot drop a primary key, so the table
#: is copied; PostgreSQL keeps both (concurrent writers conflict on the key).
_V6 = [
    "DROP INDEX IF EXISTS events_dyad",
    "DROP INDEX IF EXISTS events_article",
    "CREATE TABLE events_v6 AS SELECT * FROM events",
    "DROP TABLE events",
    "ALTER TABLE events_v6 RENAME TO events",
    *(f"ALTER TABLE events ALTER COLUMN {c} SET NOT NULL" for c in ("article_id", "code", "root_code")),
]

#: Statements PostgreSQL skips (see ``_V6``).
DUCKDB_ONLY = frozenset(_V6)


def migrations() -> list[tuple[int, list[str]]]:
    """(version, statements) pairs in the order they must be applied."""
    return [(1, _V1), (2, _V2), (3, _V3), (4, _V4), (5, _V5), (6, _V6)]


#: Columns of each table in insertion order (the DDL above is the single source).
COLUMNS = {
    "articles": (
        "id", "external_id", "url", "source", "published", "title", "text", "origin",
        "warnings", "n_mentions", "n_quotes", "n_events", "story_id", "tone", "author",
    ),
    "mentions": (
        "article_id", "start_char", "end_char", "text",
        *[f"actor_{f}" for f in (*ACTOR_FIELDS, "party")],
        "sentence", "cluster", "role", "via",
    ),
    "events": (
        "id", "article_id", "published", "sentence", "start_char", "end_char", "code",
        "root_code", "base_code", "name", "goldstein", "quad_class", "plover_event",
        "plover_mode", "trigger", "trigger_start", "trigger_end",
        *[f"source_{f}" for f in (*ACTOR_FIELDS, "party")], "source_start", "source_end",
        *[f"target_{f}" for f in (*ACTOR_FIELDS, "party")], "target_start", "target_end",
        "modality", *[f"attributed_{f}" for f in (*ACTOR_FIELDS, "party")],
        "one_sided", "confidence", "rule", "action", "story_id", "outlet",
        *[name for name, _kind in CONTEXT_COLUMNS],
    ),
    "stories": ("id", "article_id", "first_published"),
    "story_signatures": ("article_id", "story_id", "published", "signature"),
    "story_bands": ("band_key", "article_id"),
    "quotes": (
        "id", "article_id", "start_char", "end_char", "text", "kind", "cue", "cue_start",
        "cue_end", "speaker_text", "speaker_start", "speaker_end",
        *[f"speaker_{f}" for f in (*ACTOR_FIELDS, "party")], "sentence", "event_id",
    ),
    "dyad_mentions": DYAD_MENTIONS,
}
