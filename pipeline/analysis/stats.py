"""Stance-distribution statistics, computed by DuckDB SQL over the flat tables.

Python only registers the Arrow tables and formats results; every count, share, mean, accuracy
and kappa is a query, so researchers can read (and rerun) the SQL.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

PARTY = "coalesce(party, '(unknown)')"
GROUPINGS: dict[str, tuple[tuple[str, str], ...]] = {
    # --by: the key columns of the stance table, as (output name, SQL expression)
    "target": (("debate_id", "debate_id"), ("target", "target")),
    "party": (("party", PARTY),),
    "speaker": (("speaker", "speaker"), ("party", PARTY)),
    "debate": (("debate_id", "debate_id"),),
}


@dataclass
class ResultTable:
    name: str
    title: str
    columns: list[str]
    rows: list[tuple]
    notes: list[str] = field(default_factory=list)

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)


def connect(tables: dict[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table)
    return con


def _query(con: duckdb.DuckDBPyConnection, name: str, title: str, sql: str, params: list | None = None) -> ResultTable:
    rel = con.execute(sql, params or [])
    return ResultTable(name, title, [d[0] for d in rel.description], rel.fetchall())


def _keys(by: str) -> tuple[str, str]:
    """(select list, group-by/order-by list) for a --by grouping."""
    keys = GROUPINGS[by]
    return ", ".join(f"{expr} AS {name}" for name, expr in keys), ", ".join(name for name, _ in keys)


def stance_distribution(con: duckdb.DuckDBPyConnection, by: str) -> ResultTable:
    select, keys = _keys(by)
    sql = f"""
        SELECT {select},
               count(*) AS n,
               count(*) FILTER (label = 'support') AS support,
               count(*) FILTER (label = 'oppose') AS oppose,
               count(*) FILTER (label = 'neutral') AS neutral,
               avg((label = 'support')::DOUBLE) AS support_share,
               avg((label = 'oppose')::DOUBLE) AS oppose_share,
               avg((label = 'neutral')::DOUBLE) AS neutral_share,
               avg(confidence) AS mean_confidence
        FROM stances GROUP BY ALL ORDER BY {keys}"""
    return _query(con, "distribution", f"Stance by {by}", sql)


def vote_agreement(con: duckdb.DuckDBPyConnection, by: str | None) -> ResultTable:
    """Predicted stance vs the stance the speaker's own division vote shows (``vote_label``):
    accuracy and Cohen's kappa, overall (``by`` None) or per group. A neutral prediction for a
    member who voted counts as a disagreement."""
    select, keys = _keys(by) if by else ("'all' AS scope", "scope")
    sql = f"""
        WITH pairs AS (
            SELECT {select}, label, vote_label FROM stances WHERE vote_label IS NOT NULL),
        totals AS (
            SELECT {keys}, count(*) AS n, avg((label = vote_label)::DOUBLE) AS accuracy
            FROM pairs GROUP BY ALL),
        predicted AS (SELECT {keys}, label AS cls, count(*) AS k FROM pairs GROUP BY ALL),
        voted AS (SELECT {keys}, vote_label AS cls, count(*) AS k FROM pairs GROUP BY ALL),
        chance AS (
            SELECT {keys}, sum(predicted.k * voted.k) AS kk
            FROM predicted JOIN voted USING ({keys}, cls) GROUP BY ALL)
        SELECT {keys}, n, accuracy,
               CASE WHEN coalesce(kk, 0) = n * n THEN NULL
                    ELSE (accuracy - coalesce(kk, 0) / (n * n)) / (1 - coalesce(kk, 0) / (n * n)) END AS kappa
        FROM totals LEFT JOIN chance USING ({keys}) ORDER BY {keys}"""
    title = "Agreement of predicted stance with division votes" + (f" by {by}" if by else "")
    return _query(con, "vote_agreement" if by is None else f"vote_agreement_by_{by}", title, sql)


def top_sources_by_party(con: duckdb.DuckDBPyConnection, top: int) -> ResultTable:
    sql = """
        WITH cited AS (
            SELECT coalesce(party, CASE WHEN speech_id IS NULL THEN '(narration)' ELSE '(unknown)' END) AS party,
                   source, any_value(source_kind) AS source_kind, count(*) AS citations,
                   count(DISTINCT speech_id) AS speeches, count(DISTINCT debate_id) AS debates
            FROM evidence GROUP BY ALL)
        SELECT *, row_number() OVER (PARTITION BY party ORDER BY citations DESC, source) AS rank
        FROM cited QUALIFY rank <= ? ORDER BY party, rank"""
    return _query(con, "top_sources", f"Most-cited evidence sources by party (top {top})", sql, [top])


def run_stats(tables: dict[str, pa.Table], by: str = "target", top: int = 5) -> list[ResultTable]:
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose one of {', '.join(GROUPINGS)}")
    con = connect(tables)
    results = [stance_distribution(con, by), vote_agreement(con, None)]
    if by != "target":  # per target there are too few voters for a kappa to mean anything
        results.append(vote_agreement(con, by))
    results.append(top_sources_by_party(con, top))
    if not results[1].rows:  # no pair with a vote: the grouped query has no row at all
        results[1].notes.append("no speech has a division vote on its target (named votes are in ParlParse XML, not in page text)")
    return results
