"""Build the whole project on a local Apache Spark session (dbt-spark, ``session`` method).

    python -m segmentation.spark_build --raw-dir data/raw [--vars "{as_of_date: '2026-09-30'}"]

In one process, so every step shares one SparkSession and its metastore:

1. the raw files are registered as tables of the raw schema (``segmentation.spark_raw``);
2. ``dbt build --target spark`` builds and tests everything that does not read the ML layer: staging,
   quarantine, intermediate models and the feature table;
3. the ML layer's model files run against the session (``segmentation.spark_ml``);
4. ``dbt build`` builds and tests the SQL marts that read the ML layer;
5. the persona model runs (it reads those marts), and then the persona mart is built and tested.

On Databricks none of this is needed: dbt-databricks runs the Python models itself (README, "Running
on a warehouse").
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from segmentation.spark_ml import ML_MODELS, PERSONA_MODELS, run_models
from segmentation.spark_raw import register_raw_tables, spark_session

DBT_STEPS = (
    ("--exclude", "source:ml_layer+"),
    ("--select", "source:ml_layer+", "--exclude", "source:ml_layer.ml_persona_cards+"),
    ("--select", "source:ml_layer.ml_persona_cards+"),
)


class BuildFailed(SystemExit):
    pass


def dbt_build(runner: object, selection: tuple[str, ...], target_path: str, extra: list[str]) -> None:
    args = ["build", "--target", "spark", "--target-path", target_path, *selection, *extra]
    print("dbt " + " ".join(args), flush=True)
    result = runner.invoke(args)
    if not result.success:
        raise BuildFailed(f"dbt {' '.join(args)} failed: {result.exception or 'see the log above'}")


def build(raw_dir: str, target_path: str = "target/spark", extra: list[str] | None = None) -> None:
    from dbt.cli.main import dbtRunner

    extra = list(extra or [])
    spark = spark_session(os.environ.get("DBT_PROFILES_DIR", "."))
    for table, path in register_raw_tables(spark, raw_dir).items():
        print(f"registered raw.{table} -> {path}", flush=True)
    runner = dbtRunner()
    dbt_build(runner, DBT_STEPS[0], target_path, extra)
    manifest = json.loads(Path(target_path, "manifest.json").read_text())
    run_models(spark, manifest, ML_MODELS)
    dbt_build(runner, DBT_STEPS[1], target_path, extra)
    run_models(spark, manifest, PERSONA_MODELS)
    dbt_build(runner, DBT_STEPS[2], target_path, extra)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", default=os.environ.get("RAW_DATA_DIR", "data/raw"))
    parser.add_argument("--target-path", default="target/spark")
    parser.add_argument("--vars", help="passed to every dbt build")
    args = parser.parse_args(argv)
    build(args.raw_dir, args.target_path, ["--vars", args.vars] if args.vars else [])
    print("spark build: done", flush=True)


if __name__ == "__main__":
    main()
