"""One small generated dataset built twice in the Spark environment: on DuckDB and on Apache Spark.

Both builds run in this virtual environment (.venv-spark: the same pandas and scikit-learn on both
sides), so any difference between them comes from the SQL engines. Each build has its own folder: a
DuckDB file, or a Spark warehouse and Derby metastore.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import duckdb  # noqa: E402
import pandas as pd
import pytest

from segmentation.generate import GeneratorConfig, generate

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ACCOUNTS = int(os.environ.get("SPARK_TEST_ACCOUNTS", "600"))


def _run(args: list[str], env: dict[str, str], label: str) -> None:
    result = subprocess.run(args, cwd=ROOT, env=env, text=True, capture_output=True)
    if result.returncode != 0:
        raise AssertionError(f"{label} failed:\n{result.stdout[-10000:]}\n{result.stderr[-4000:]}")


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("spark")
    raw, truth = work / "raw", work / "truth"
    config = GeneratorConfig(accounts=ACCOUNTS, seed=7)
    generate(raw, truth, config, fmt="parquet")
    env = dict(os.environ)
    env.update(
        RAW_DATA_DIR=str(raw),
        DBT_PROFILES_DIR=str(ROOT),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        OMP_NUM_THREADS="1",
        EXPORTS_DIR=str(work / "exports"),
    )
    duck = dict(env, DUCKDB_PATH=str(work / "warehouse.duckdb"), DBT_LOG_PATH=str(work / "logs-duckdb"))
    spark = dict(env, SPARK_HOME_DIR=str(work / "spark"), DBT_LOG_PATH=str(work / "logs-spark"))
    # two runs a day apart, so the history models append and trends and migration have two dates; the
    # first trains the scoring models, the second carries its champions and validation (retrain_every_days)
    for as_of in (config.end_date - dt.timedelta(days=2), config.end_date - dt.timedelta(days=1)):
        dbt_vars = f"{{as_of_date: '{as_of}'}}"
        _run(
            [
                str(BIN / "dbt"),
                "build",
                "--target",
                "duckdb",
                "--target-path",
                str(work / "target-duckdb"),
                "--vars",
                dbt_vars,
            ],
            duck,
            f"DuckDB build as of {as_of}",
        )
        _run(
            [
                sys.executable,
                "-m",
                "segmentation.spark_build",
                "--raw-dir",
                str(raw),
                "--vars",
                dbt_vars,
                "--target-path",
                str(work / "target-spark"),
            ],
            spark,
            f"Spark build as of {as_of}",
        )
    os.environ["SPARK_HOME_DIR"] = str(work / "spark")
    return {"duckdb": work / "warehouse.duckdb", "spark_home": work / "spark", "raw": raw}


@pytest.fixture(scope="session")
def spark(builds: dict[str, Path]):
    from segmentation.spark_raw import spark_session

    session = spark_session(ROOT)
    yield session
    session.stop()


def duckdb_table(builds: dict[str, Path], name: str) -> pd.DataFrame:
    with duckdb.connect(str(builds["duckdb"]), read_only=True) as con:
        return con.sql(f"select * from {name}").df()
