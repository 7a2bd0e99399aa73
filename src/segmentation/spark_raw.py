"""Register the raw files in RAW_DATA_DIR as tables of the raw schema of a Spark metastore.

On a warehouse the raw tables already live in the schema named by the ``raw_schema`` var; on a local
Spark session (dbt-spark's ``session`` method) this module puts them there: each contract table found as
``<name>.parquet``, a folder ``<name>/`` of parquet files, or ``<name>.csv`` (header row; every value
read as text, parsed or quarantined by the base models) becomes an external table over the file. A
table that is absent is not registered: the ``raw_table`` macro then treats an optional table as empty
and stops the build on a required one, as on DuckDB.

    python -m segmentation.spark_raw --raw-dir data/raw [--schema raw]

The Spark settings come from the ``spark`` output of profiles.yml (one definition for dbt and for this).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import yaml

CONTRACT_TABLES = (
    "accounts",
    "contacts",
    "events",
    "transactions",
    "subscriptions",
    "support_tickets",
    "campaigns",
    "campaign_touches",
    "feedback",
)


def _render(value: str) -> str:
    """The profile's ``{{ env_var('NAME', 'default') }}`` expressions, rendered like dbt renders them."""
    import re

    pattern = re.compile(r"\{\{\s*env_var\('([^']+)',\s*'([^']*)'\)\s*\}\}")
    return pattern.sub(lambda m: os.environ.get(m.group(1), m.group(2)), str(value))


def spark_settings(profiles_dir: str | Path = ".") -> dict[str, str]:
    """The ``server_side_parameters`` of the profile's spark output, rendered."""
    profile = yaml.safe_load(Path(profiles_dir, "profiles.yml").read_text())
    output = profile["behavioral_segmentation"]["outputs"]["spark"]
    settings = {key: _render(value) for key, value in output["server_side_parameters"].items()}
    settings["spark.sql.ansi.enabled"] = "false"  # as dbt-spark sets it
    return settings


def spark_session(profiles_dir: str | Path = ".") -> Any:
    """The SparkSession dbt-spark's session method would create (Hive metastore, the profile's settings)."""
    from pyspark.sql import SparkSession

    # the Python workers that run mapInPandas import the package: use this interpreter (and its venv)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_settings(profiles_dir).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("SPARK_LOG_LEVEL", "ERROR"))
    return spark


def find_raw_file(raw_dir: Path, table: str) -> tuple[str, Path] | None:
    """(format, path) of a raw table's file, or None when the table is absent."""
    if (raw_dir / f"{table}.parquet").is_file():
        return "parquet", raw_dir / f"{table}.parquet"
    folder = raw_dir / table
    if folder.is_dir() and any(folder.glob("*.parquet")):
        return "parquet", folder
    if (raw_dir / f"{table}.csv").is_file():
        return "csv", raw_dir / f"{table}.csv"
    return None


def register_raw_tables(spark: Any, raw_dir: str | Path, schema: str = "raw") -> dict[str, str]:
    """Create (or replace) one external table per raw file found; returns table -> file."""
    raw_dir = Path(raw_dir).resolve()
    if not raw_dir.is_dir():
        raise SystemExit(f"RAW_DATA_DIR '{raw_dir}' is not a folder: point it at the raw contract files.")
    spark.sql(f"create schema if not exists {schema}")
    registered = {}
    for table in CONTRACT_TABLES:
        spark.sql(f"drop table if exists {schema}.{table}")
        found = find_raw_file(raw_dir, table)
        if found is None:
            continue
        fmt, path = found
        options = "options (header 'true', inferSchema 'false', multiLine 'true', escape '\"')" if fmt == "csv" else ""
        spark.sql(f"create table {schema}.{table} using {fmt} {options} location '{path}'")
        registered[table] = str(path)
    return registered


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", default=os.environ.get("RAW_DATA_DIR", "data/raw"))
    parser.add_argument("--schema", default="raw", help="the raw_schema var (default raw)")
    parser.add_argument("--profiles-dir", default=os.environ.get("DBT_PROFILES_DIR", "."))
    args = parser.parse_args(argv)
    spark = spark_session(args.profiles_dir)
    registered = register_raw_tables(spark, args.raw_dir, args.schema)
    for table, path in registered.items():
        print(f"registered {args.schema}.{table} -> {path}")
    missing = sorted(set(CONTRACT_TABLES) - set(registered))
    if missing:
        print(f"not found (treated as absent): {', '.join(missing)}")
    spark.stop()


if __name__ == "__main__":
    main()
