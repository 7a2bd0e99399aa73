"""Publish the marts to a separate DuckDB file that BI tools read, swapped in atomically.

DuckDB allows one writer or many readers per file. A BI tool holding the build's warehouse open
would block the scheduled build, so BI tools connect to the published file instead:

    python -m segmentation.publish            # warehouse.duckdb -> published.duckdb

The marts (and the tables they expose) are copied into a new file next to the destination, which
then replaces it with one atomic rename. A reader that has the old file open keeps reading the old,
complete data; a new connection sees the new data. Nothing is ever half-published.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import duckdb

PUBLISHED_SCHEMAS = ("marts", "exports")


def publish(source: Path, destination: Path, schemas: tuple[str, ...] = PUBLISHED_SCHEMAS) -> dict[str, int]:
    """Copy every table of ``schemas`` from ``source`` into ``destination`` atomically; return row counts."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
    os.close(fd)
    os.unlink(tmp_name)  # DuckDB creates the file itself
    counts: dict[str, int] = {}
    try:
        with duckdb.connect(tmp_name) as con:
            con.execute(f"attach '{source}' as source_db (read_only)")
            tables = con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = 'source_db' "
                f"and schema_name in ({', '.join(repr(s) for s in schemas)}) order by 1, 2"
            ).fetchall()
            for schema, table in tables:
                con.execute(f'create schema if not exists "{schema}"')
                con.execute(f'create table "{schema}"."{table}" as select * from source_db."{schema}"."{table}"')
                counts[f"{schema}.{table}"] = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            con.execute("detach source_db")
            con.execute("checkpoint")
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, destination)
    finally:
        for leftover in (Path(tmp_name), Path(tmp_name + ".wal")):
            leftover.unlink(missing_ok=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m segmentation.publish", description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=Path(os.environ.get("DUCKDB_PATH", "warehouse.duckdb")))
    parser.add_argument(
        "--destination", type=Path, default=Path(os.environ.get("PUBLISHED_DUCKDB_PATH", "published.duckdb"))
    )
    args = parser.parse_args(argv)
    if not args.source.exists():
        parser.error(f"no warehouse at {args.source}: run the build first")
    counts = publish(args.source, args.destination)
    print(f"published {len(counts)} tables to {args.destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
