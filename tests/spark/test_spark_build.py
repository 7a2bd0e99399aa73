"""The project on Apache Spark gives the same tables as on DuckDB, and the Spark scoring path the same
scores as the pandas path."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, duckdb_table
from segmentation.marts import DATA_MARTS
from segmentation.spark_scoring import score_accounts_spark
from segmentation.value import score_accounts


def compile_inline(sql: str, target_path: Path) -> str:
    """The SQL that dbt compiles from ``sql`` (macros rendered; no warehouse is read)."""
    args = [str(Path(sys.executable).with_name("dbt")), "compile", "--inline", sql, "--target", "lint"]
    args += ["--profiles-dir", str(ROOT), "--target-path", str(target_path), "--log-format", "json"]
    result = subprocess.run(args, cwd=ROOT, text=True, capture_output=True)
    assert result.returncode == 0, result.stdout[-4000:]
    for line in result.stdout.splitlines():
        compiled = json.loads(line).get("data", {}).get("compiled")
        if compiled is not None:
            return compiled
    raise AssertionError(f"no compiled SQL in dbt compile output:\n{result.stdout[-3000:]}")


def canonical(value: object) -> object:
    """One representation per value whatever the engine's client returned."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, np.integer | int) and not isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        return pd.Timestamp(value).isoformat()
    if isinstance(value, dt.date):
        return pd.Timestamp(value).isoformat()
    return value


def rows(frame: pd.DataFrame) -> list[tuple]:
    frame = frame[sorted(frame.columns)]
    out = [tuple(canonical(v) for v in row) for row in frame.astype(object).itertuples(index=False)]
    return sorted(out, key=lambda r: tuple((v is None, str(v)) for v in r))


def same(x: object, y: object, rel: float) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=rel, abs_tol=rel)
    return x == y


def assert_same_rows(name: str, left: pd.DataFrame, right: pd.DataFrame, rel: float = 0.0) -> None:
    """Same columns and the same rows. ``rel``: the relative tolerance for doubles (0: bit for bit)."""
    assert sorted(left.columns) == sorted(right.columns), f"{name}: columns differ"
    assert len(left) == len(right), f"{name}: {len(left)} rows on DuckDB, {len(right)} on Spark"
    a, b = rows(left), rows(right)
    columns = sorted(left.columns)
    diffs = [
        (columns[j], x[j], y[j])
        for x, y in zip(a, b, strict=True)
        for j in range(len(columns))
        if not same(x[j], y[j], rel)
    ]
    assert not diffs, f"{name}: {len(diffs)} values differ, e.g. {diffs[:5]}"


def test_the_feature_table_is_identical_on_duckdb_and_spark(builds, spark) -> None:
    duck = duckdb_table(builds, "features.fct_account_features")
    on_spark = spark.table("features.fct_account_features").toPandas()
    assert len(duck) > 0
    assert_same_rows("fct_account_features", duck, on_spark)


@pytest.mark.parametrize("mart", DATA_MARTS)
def test_each_sql_mart_is_identical_on_duckdb_and_spark(builds, spark, mart: str) -> None:
    duck = duckdb_table(builds, f"marts.{mart}")
    on_spark = spark.table(f"marts.{mart}").toPandas()
    assert len(duck) > 0, f"{mart} is empty on DuckDB"
    # Averages and other sums of doubles depend on the order rows are added in, which differs between
    # engines (and between runs with several threads) in the last bits: doubles agree to 1e-12 relative.
    assert_same_rows(mart, duck, on_spark, rel=1e-12)


@pytest.mark.parametrize("context_sample_size", [200_000, 250])
def test_the_spark_scoring_path_gives_the_pandas_paths_scores(builds, spark, context_sample_size: int) -> None:
    features = spark.table("features.fct_account_features").repartition(5)  # rows scored in five batches
    runs = spark.table("ml.ml_model_runs").toPandas()
    btyd = spark.table("intermediate.int_account_btyd_summary")
    assert runs["is_champion"].fillna(False).any(), "no champion model: nothing would be scored"
    settings = {"context_sample_size": context_sample_size}
    on_pandas = score_accounts(features.toPandas(), runs, btyd.toPandas(), **settings)
    on_spark = score_accounts_spark(features, runs, btyd, **settings).toPandas()
    assert on_pandas["churn_risk_score"].notna().all()
    assert on_pandas["propensity_percentile"].between(0, 100).all()
    assert_same_rows("scores", on_pandas, on_spark)


def test_the_run_between_trainings_carries_the_champions_and_the_segments_on_spark(builds, spark) -> None:
    assert [r.as_of_role for r in spark.table("intermediate.int_as_of_dates").collect()] == ["current"]
    runs = spark.table("ml.ml_model_runs").toPandas()
    first, second = sorted(runs["as_of_date"].unique())
    columns = ["model_name", "model_kind", "model_version", "is_champion", "model_blob"]
    trained = runs[runs["as_of_date"] == first].sort_values(columns[:2])
    carried = runs[runs["as_of_date"] == second].sort_values(columns[:2])
    assert trained["is_champion"].fillna(False).any()
    assert rows(carried[columns]) == rows(trained[columns])
    assert carried["decision"].str.startswith(f"carried from {pd.Timestamp(first).date()}: ").all()
    centroids = spark.table("ml.ml_segment_centroids").toPandas()
    fitted = centroids[centroids["as_of_date"] == first].sort_values("segment_id")
    kept = centroids[centroids["as_of_date"] == second].sort_values("segment_id")
    fit = ["segment_id", "segment_name", "centroid_scaled_json", "center_json", "scale_json"]
    assert not fitted.empty and fitted["status_reason"].isna().all()
    assert rows(kept[fit]) == rows(fitted[fit])
    assert (kept["status_reason"] == f"carried from the fit of {pd.Timestamp(first).date()}").all()


def test_the_row_fingerprint_on_spark_tells_a_value_moved_into_a_null_column_apart(spark, tmp_path) -> None:
    """Spark's xxhash64 skips NULL arguments; the fingerprint that finds changed days must still tell rows
    apart that differ only in which column holds a value."""
    sql = (
        "select n, {{ spark__row_fingerprint(['a', 'b', 'c']) }} as fingerprint from values"
        " (1, 'x', cast(null as string), 'y'), (2, cast(null as string), 'x', 'y'),"
        " (3, 'x', 'y', cast(null as string)), (4, 'x', cast(null as string), 'y') as t(n, a, b, c) order by n"
    )
    compiled = compile_inline(sql, tmp_path)
    fingerprints = [row.fingerprint for row in spark.sql(compiled).collect()]
    assert len(set(fingerprints[:3])) == 3
    assert fingerprints[3] == fingerprints[0]
