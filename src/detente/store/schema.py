"""The store's schema, as versioned migrations in SQL both DuckDB and PostgreSQL accept.

``schema_version`` records the migrations applied; :func:`migrations` lists them in order.
Actor fields are flattened into ``<role>_code/_name/_country/_sector/_kind`` columns plus a
``<role>_party`` column (the country, or the organisation code for IGOs and NGOs), which is
what dyad queries compare.
"""

from __future__ import annotations

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


def migrations() -> list[tuple[int, list[str]]]:
    """(version, statements) pairs in the order they must be applied."""
    return [(1, _V1), (2, _V2)]


#: Columns of each table in insertion order (the DDL above is the single source).
COLUMNS = {
    "articles": (
        "id", "external_id", "url", "source", "published", "title", "text", "origin",
        "warnings", "n_mentions", "n_quotes", "n_events", "story_id",
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
    ),
    "stories": ("id", "article_id", "first_published"),
    "story_signatures": ("article_id", "story_id", "published", "signature"),
    "story_bands": ("band_key", "article_id"),
    "quotes": (
        "id", "article_id", "start_char", "end_char", "text", "kind", "cue", "cue_start",
        "cue_end", "speaker_text", "speaker_start", "speaker_end",
        *[f"speaker_{f}" for f in (*ACTOR_FIELDS, "party")], "sentence", "event_id",
    ),
}
