"""Reads a `newsgraph export --format parquet` folder back with pyarrow and DuckDB.

Written for newsgraph's test `export_parquet.rs`. Usage:
    parquet_readback.py PARQUET_DIR JSONL_DIR

Compares every Parquet table with the JSON Lines export of the same database, row by row
(the JSON Lines writer is the reference: it has no types of its own to get wrong), checks
that DuckDB, an independent reader, sees the same row counts, and prints one JSON object:
{"tables": {name: {"rows": n, "types": {column: arrow type}}}, "duckdb": {...}}.
Exits 1 with a message on the first mismatch.
"""

import json
import math
import os
import sys

import duckdb
import pyarrow.parquet as pq


def fail(msg):
    print(f"parquet_readback: {msg}", file=sys.stderr)
    sys.exit(1)


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12)
    return a == b


def main():
    pq_dir, jsonl_dir = sys.argv[1], sys.argv[2]
    out = {"tables": {}, "duckdb": {}}
    names = sorted(f[: -len(".parquet")] for f in os.listdir(pq_dir) if f.endswith(".parquet"))
    if not names:
        fail(f"no .parquet files in {pq_dir}")
    con = duckdb.connect()
    for name in names:
        path = os.path.join(pq_dir, f"{name}.parquet")
        table = pq.read_table(path)
        rows = table.to_pylist()
        with open(os.path.join(jsonl_dir, f"{name}.jsonl"), encoding="utf-8") as f:
            expected = [json.loads(line) for line in f]
        if len(rows) != len(expected):
            fail(f"{name}: {len(rows)} rows in Parquet, {len(expected)} in JSON Lines")
        for i, (got, want) in enumerate(zip(rows, expected)):
            if set(got) != set(want):
                fail(f"{name}: columns {sorted(got)} != {sorted(want)}")
            for k in want:
                if not same(got[k], want[k]):
                    fail(f"{name} row {i} column {k}: {got[k]!r} != {want[k]!r}")
        out["tables"][name] = {
            "rows": table.num_rows,
            "types": {f.name: str(f.type) for f in table.schema},
            "nullable": {f.name: f.nullable for f in table.schema},
        }
        n = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
        if n != table.num_rows:
            fail(f"{name}: DuckDB reads {n} rows, pyarrow {table.num_rows}")
    # A join a user would run: every figure with its measure and document.
    q = con.execute(
        f"""SELECT count(*) FROM read_parquet('{pq_dir}/quantities.parquet') q
            JOIN read_parquet('{pq_dir}/measures.parquet') m ON m.id = q.measure
            JOIN read_parquet('{pq_dir}/documents.parquet') d ON d.id = q.doc"""
    ).fetchone()[0]
    out["duckdb"]["figures_in_measures"] = q
    docs = con.execute(
        f"SELECT doc_id, cluster, lang FROM read_parquet('{pq_dir}/documents.parquet') ORDER BY id"
    ).fetchall()
    out["duckdb"]["documents"] = [list(r) for r in docs]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
