"""The ML layer on an Apache Spark session, where dbt-spark cannot run Python models.

dbt-spark runs Python models only on Databricks. On a Spark target the project disables the models in
python_models/ml (dbt_project.yml) and SQL reads their tables as the source ``ml_layer`` (macros/ml_ref.sql).
This module produces those tables by running the very same model files against the Spark session, with
a small stand-in for dbt's ``dbt`` object: ``dbt.ref`` returns the Spark table, ``dbt.this`` and
``dbt.is_incremental`` describe the model's own table, and ``dbt.config.get('meta')`` gives the model's
rendered config from dbt's manifest. Results are written like dbt would: a table, or for the incremental
history models the rows of the run's as-of date replaced (delete+insert by as_of_date).

``segmentation.spark_build`` runs it between the dbt steps; it can also be called alone:

    python -m segmentation.spark_ml --manifest target/spark/manifest.json ml_segment_centroids ...
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from typing import Any

import pandas as pd

from segmentation.dbt_io import is_spark

# In dependency order. ml_persona_cards reads SQL marts built from the first group, so it runs after them.
ML_MODELS = (
    "ml_segment_centroids",
    "ml_segment_assignments",
    "ml_segment_validation",
    "ml_segment_map",
    "ml_model_runs",
    "ml_account_scores",
    "ml_lookalike_accounts",
)
PERSONA_MODELS = ("ml_persona_cards",)


class _Config:
    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config

    def __call__(self, **_: Any) -> None:  # dbt.config(...) inside the model: the manifest already has it
        return None

    def get(self, key: str, default: Any = None) -> Any:
        return self._config.get(key, default)


class SparkDbt:
    """The part of dbt's ``dbt`` object the project's Python models use, over a Spark session."""

    def __init__(self, spark: Any, manifest: dict[str, Any], node: dict[str, Any]) -> None:
        self._spark = spark
        self._manifest = manifest
        self.config = _Config(node["config"])
        self.this = f"{node['schema']}.{node.get('alias') or node['name']}"
        self.is_incremental = node["config"].get("materialized") == "incremental" and spark.catalog.tableExists(
            self.this
        )

    def ref(self, name: str) -> Any:
        return self._spark.table(relation_name(self._manifest, name))


def _nodes(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [n for n in manifest["nodes"].values() if n["resource_type"] in ("model", "seed")]
    for versions in manifest.get("disabled", {}).values():
        nodes.extend(n for n in versions if n["resource_type"] == "model")
    return nodes


def find_node(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    for node in _nodes(manifest):
        if node["name"] == name:
            return node
    raise KeyError(f"no model or seed named '{name}' in the dbt manifest")


def relation_name(manifest: dict[str, Any], name: str) -> str:
    node = find_node(manifest, name)
    return f"{node['schema']}.{node.get('alias') or node['name']}"


def load_model(project_dir: Path, node: dict[str, Any]) -> Any:
    path = project_dir / node["original_file_path"]
    spec = importlib.util.spec_from_file_location(f"dbt_model_{node['name']}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.model


def _write(spark: Any, result: Any, target: str, incremental: bool) -> int:
    """Write a model's result to its table (replacing the result's as-of dates when incremental). The rows
    go to a new table first, which then takes the target's name, so a failed run leaves the old table."""
    from pyspark.sql import functions as F

    frame = result if is_spark(result) else spark.createDataFrame(result)
    spark.sql(f"create schema if not exists {target.split('.')[0]}")
    if incremental and spark.catalog.tableExists(target):
        dates = [r[0] for r in frame.select("as_of_date").distinct().collect()]
        frame = spark.table(target).where(~F.col("as_of_date").isin(dates)).unionByName(frame)
    staging = f"{target}__spark_ml_new"
    spark.sql(f"drop table if exists {staging}")
    frame.write.format("parquet").saveAsTable(staging)
    spark.sql(f"drop table if exists {target}")
    spark.sql(f"alter table {staging} rename to {target}")
    return spark.table(target).count()


def run_models(spark: Any, manifest: dict[str, Any], names: tuple[str, ...], project_dir: Path = Path(".")) -> None:
    """Run the named Python model files against the Spark session and write their tables."""
    for name in names:
        node = find_node(manifest, name)
        dbt = SparkDbt(spark, manifest, node)
        result = load_model(project_dir, node)(dbt, spark)
        if isinstance(result, pd.DataFrame):
            result = spark.createDataFrame(result)
        rows = _write(spark, result, dbt.this, node["config"].get("materialized") == "incremental")
        print(f"spark_ml: {name} -> {dbt.this} ({rows} rows)", flush=True)


def main(argv: list[str] | None = None) -> None:
    from segmentation.spark_raw import spark_session

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=list(ML_MODELS + PERSONA_MODELS))
    parser.add_argument("--manifest", default="target/spark/manifest.json")
    parser.add_argument("--profiles-dir", default=".")
    args = parser.parse_args(argv)
    manifest = json.loads(Path(args.manifest).read_text())
    run_models(spark_session(args.profiles_dir), manifest, tuple(args.models))


if __name__ == "__main__":
    main()
