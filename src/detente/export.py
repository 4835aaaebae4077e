"""Exports of a store: GDELT 2.0 event table, JSON lines, CSV, Parquet partitioned by date.

* ``gdelt`` — the GDELT 2.0 event table (``YYYYMMDDHHMMSS.export.CSV`` layout): tab-separated,
  no header, the 61 columns of :data:`GDELT_COLUMNS` in order, one row per **story event**
  (the events of one near-duplicate story with the same actors and code), so NumMentions,
  NumSources and NumArticles mean what they mean in GDELT. CAMEO codes stay strings with
  their leading zeros; geography uses FIPS 10-4 country codes. ``ActionGeo_*`` is the event's
  location (``Event.location``: type, full name, FIPS country, ADM1 for countries and US
  states, coordinates, GeoNames id of a city); ``AvgTone`` is the tone of the article that
  first reported the event (its sentence's tone when the article has none). What detente does
  not produce (ethnic and religion codes, actors' own coordinates, ADM2) is left empty.
* ``jsonl`` / ``csv`` — every stored event (each mention in each copy), with its story,
  publication date, article URL and source.
* ``parquet`` — the same rows as ``csv``, written by DuckDB as a directory of Parquet files
  partitioned by publication date (``date=2022-02-11/…``).
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any

from detente.errors import DataError, InputError
from detente.records import content_id
from detente.resources import data_path
from detente.store import rows as store_rows
from detente.store.base import Store
from detente.store.schema import COLUMNS

FORMATS = ("gdelt", "jsonl", "csv", "parquet")

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

#: The 61 columns of a GDELT 2.0 event table, in file order (BigQuery names).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{c}" for c in _ACTOR], *[f"Actor2{c}" for c in _ACTOR],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"Actor1Geo_{c}" for c in _GEO], *[f"Actor2Geo_{c}" for c in _GEO],
    *[f"ActionGeo_{c}" for c in _GEO], "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

#: Columns of the ``jsonl``/``csv``/``parquet`` exports.
EVENT_COLUMNS: tuple[str, ...] = (*COLUMNS["events"], "article_url", "article_source")


@dataclass(frozen=True)
class CameoCodes:
    """Country (with FIPS 10-4), known-group and agent-type codes of CAMEO actor codes."""

    fips: dict[str, str]
    names: dict[str, str]
    groups: frozenset[str]
    types: frozenset[str]


@cache
def cameo_codes() -> CameoCodes:
    """``data/export/gdelt_codes.tsv`` (built from the CAMEO country, group and agent tables)."""
    path = data_path("export", "gdelt_codes.tsv")
    fips: dict[str, str] = {}
    names: dict[str, str] = {}
    groups, types = set(), set()
    try:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["kind"] == "country":
                    fips[row["code"]] = row["fips10"]
                    names[row["code"]] = row["name"]
                elif row["kind"] == "group":
                    groups.add(row["code"])
                elif row["kind"] == "type":
                    types.add(row["code"])
    except (OSError, KeyError) as exc:
        raise DataError(f"cannot read the GDELT code table: {exc}", where=str(path)) from exc
    return CameoCodes(fips, names, frozenset(groups), frozenset(types))


def _actor_fields(row: dict[str, Any], role: str) -> list[str]:
    """Actor code fields: the CAMEO code is read in 3-character blocks, country first."""
    code = row.get(f"{role}_code") or ""
    if not code:
        return [""] * len(_ACTOR)
    codes = cameo_codes()
    blocks = [code[i: i + 3] for i in range(0, len(code), 3)]
    country = row.get(f"{role}_country") or (blocks[0] if blocks[0] in codes.fips else "")
    rest = blocks[1:] if blocks and blocks[0] == country else blocks
    group = next((b for b in rest if b in codes.groups), "")
    types = [b for b in rest if b in codes.types and b != group]
    sector = row.get(f"{role}_sector")
    if sector and sector not in types and sector in codes.types:
        types.insert(0, sector)
    types = [*types, "", "", ""][:3]
    name = (row.get(f"{role}_name") or "").upper()
    return [code, name, country, group, "", "", "", *types]


def _geo_fields(row: dict[str, Any], role: str) -> list[str]:
    """Country-level geography of an actor (type 1, FIPS code, no coordinates), else type 0."""
    codes = cameo_codes()
    country = row.get(f"{role}_country") or ""
    fips = codes.fips.get(country, "")
    if not fips:
        return ["0", "", "", "", "", "", "", ""]
    return ["1", codes.names.get(country, ""), fips, fips, "", "", "", fips]


#: GDELT's geographic resolution codes.
_GEO_TYPE = {"country": "1", "us_state": "2", "us_city": "3", "city": "4", "admin1": "5"}


@cache
def _us_states() -> dict[str, str]:
    """US state name → its two-letter code (from the place gazetteer's ``US-XX`` ids)."""
    from detente.context.geo import default_places

    return {e.name: e.id[3:] for e in default_places().names.values() if e.kind == "admin1" and e.country == "USA"}


def action_geo(row: dict[str, Any]) -> list[str]:
    """The eight ``ActionGeo_*`` fields of an event row from its ``location_*`` columns."""
    kind = row.get("location_kind")
    lat, lon = row.get("location_lat"), row.get("location_lon")
    if not kind or lat is None or lon is None:
        return ["0", "", "", "", "", "", "", ""]
    country = row.get("location_country") or ""
    fips = cameo_codes().fips.get(country, "")
    feature = str(row.get("location_feature_id") or "")
    full = str(row.get("location_full_name") or row.get("location_name") or "")
    if kind == "country":
        return ["1", full, fips, fips, "", _number(lat), _number(lon), fips]
    adm1 = fips
    if country == "USA":
        parts = full.split(", ")
        state = feature[3:] if kind == "admin1" else _us_states().get(parts[1] if len(parts) >= 3 else "", "")
        adm1 = f"US{state}" if state else fips
        geo_type = _GEO_TYPE["us_state"] if kind == "admin1" else _GEO_TYPE["us_city"]
    else:
        geo_type = _GEO_TYPE.get(kind, "4")
    return [geo_type, full, fips, adm1, "", _number(lat), _number(lon), adm1 if kind == "admin1" else feature]


def _tone(row: dict[str, Any]) -> str:
    value = row.get("doc_tone")
    if value is None:
        value = row.get("tone")
    return "" if value is None else _number(round(float(value), 4) + 0.0)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _number(value: float) -> str:
    return f"{float(value):g}"


def gdelt_row(row: dict[str, Any]) -> list[str]:
    """One story-event row (from :meth:`Store.export_rows`) as the 61 GDELT fields."""
    added = row.get("ingested_at")
    added_at = added if isinstance(added, datetime) else datetime(1970, 1, 1)
    # GDELT adds events in 15-minute batches; DATEADDED names the batch.
    added_at = added_at.replace(minute=added_at.minute - added_at.minute % 15, second=0, microsecond=0)
    day = _as_date(row.get("published")) or added_at.date()
    key = content_id(row["story"], row.get("source_party"), row.get("target_party"), row["code"])
    code = str(row["code"])
    fields = [
        str(int(key[:15], 16)), day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year),
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}",
        *_actor_fields(row, "source"), *_actor_fields(row, "target"),
        str(int(row.get("in_lead") or 0)), code, str(row.get("base_code") or code[:3]),
        str(row["root_code"]), str(int(row["quad_class"])), _number(row["goldstein"]),
        str(int(row["n_mentions"])), str(int(row["n_sources"])), str(int(row["n_articles"])), _tone(row),
        *_geo_fields(row, "source"), *_geo_fields(row, "target"), *action_geo(row),
        added_at.strftime("%Y%m%d%H%M%S"), row.get("article_url") or row.get("article_source") or row["article_id"],
    ]
    # Tabs or newlines inside a field would break the table: GDELT files never contain them.
    return [f.replace("\t", " ").replace("\n", " ").replace("\r", " ") for f in fields]


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _event_rows(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.export_rows(story_level=False):
        yield {c: _plain(row.get(c)) for c in EVENT_COLUMNS}


def write(store: Store, fmt: str, out: IO[str]) -> int:
    """Write a text export (``gdelt``, ``jsonl``, ``csv``) to ``out``; return rows written."""
    n = 0
    if fmt == "gdelt":
        for row in store.export_rows(story_level=True):
            out.write("\t".join(gdelt_row(row)) + "\n")
            n += 1
    elif fmt == "jsonl":
        for row in _event_rows(store):
            event = store_rows.event_from_row(row).as_dict()
            extra = {k: row[k] for k in ("published", "story_id", "article_url", "article_source")}
            out.write(json.dumps({**event, **extra}, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for row in _event_rows(store):
            writer.writerow(row)
            n += 1
    else:
        raise InputError(f"unknown export format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    return n


def write_parquet(store: Store, folder: str | Path) -> int:
    """Write every event as Parquet files under ``folder``, partitioned by ``date``.

    Rows are staged in a temporary CSV file that DuckDB reads with the store's column types
    (this works the same for a PostgreSQL store) and writes with ``COPY … PARTITION_BY``.
    """
    import duckdb

    folder = Path(folder)
    types = {c: "VARCHAR" for c in EVENT_COLUMNS}
    types.update({c: "INTEGER" for c in ("sentence", "start_char", "end_char", "quad_class", "trigger_start",
                                         "trigger_end", "source_start", "source_end", "target_start",
                                         "target_end")})
    types.update(goldstein="DOUBLE", confidence="DOUBLE", one_sided="BOOLEAN", published="DATE")
    with tempfile.TemporaryDirectory(prefix="detente-export-") as tmp:
        staged = Path(tmp) / "events.csv"
        with staged.open("w", encoding="utf-8", newline="") as handle:
            n = write(store, "csv", handle)
        if n == 0:
            return 0
        columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
        con = duckdb.connect()
        try:
            con.execute(
                f"COPY (SELECT *, published AS date FROM read_csv(?, header = true, columns = {columns})) "
                "TO ? (FORMAT PARQUET, PARTITION_BY (date), OVERWRITE_OR_IGNORE true)",
                [str(staged), str(folder)],
            )
        except duckdb.Error as exc:
            raise InputError(f"cannot write Parquet: {exc}", where=str(folder)) from exc
        finally:
            con.close()
    return n


def export(store: Store, fmt: str, out: str | Path | None = None, stream: IO[str] | None = None) -> int:
    """Export ``store`` as ``fmt`` to the file or folder ``out`` (``stream`` for text formats
    when ``out`` is None); return the number of rows written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out is None:
            raise InputError("a Parquet export needs a folder", hint="pass --out FOLDER")
        return write_parquet(store, out)
    if out is None:
        if stream is None:
            raise InputError("nowhere to write", hint="pass --out PATH")
        return write(store, fmt, stream)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        return write(store, fmt, handle)
