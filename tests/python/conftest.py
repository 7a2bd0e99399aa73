"""Shared fixtures: generate small raw datasets and build the dbt project into temporary files.

Every dbt invocation gets its own DUCKDB_PATH, RAW_DATA_DIR, target and log folders, so tests never
share a warehouse file (a running dbt holds the file's lock).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

# one OpenMP thread per test worker (set before numpy and scikit-learn load), see Project.env
os.environ.setdefault("OMP_NUM_THREADS", "1")

import duckdb  # noqa: E402
import pandas as pd
import pytest

from segmentation.generate import GeneratorConfig, generate
from segmentation.marts import DATA_MARTS

ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")
MARTS = DATA_MARTS


@dataclass
class Project:
    """A dbt project run against one temporary DuckDB file and one raw-data folder."""

    workdir: Path
    raw_dir: Path
    truth_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def db(self) -> Path:
        return self.workdir / "warehouse.duckdb"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DUCKDB_PATH=str(self.db),
            RAW_DATA_DIR=str(self.raw_dir),
            DBT_PROFILES_DIR=str(ROOT),
            DBT_TARGET_PATH=str(self.workdir / "target"),
            DBT_LOG_PATH=str(self.workdir / "logs"),
            EXPORTS_DIR=str(self.workdir / "exports"),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
            # two test workers share two cores: one OpenMP thread each, or gradient boosting's spinning
            # threads oversubscribe the cores and a model that fits in seconds takes minutes
            OMP_NUM_THREADS="1",
            DUCKDB_THREADS="1",
        )
        env.update(self.extra_env)
        return env

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(DBT), *args], cwd=ROOT, env=self.env(), text=True, capture_output=True)
        if check and result.returncode != 0:
            raise AssertionError(f"dbt {' '.join(args)} failed:\n{result.stdout[-8000:]}\n{result.stderr[-3000:]}")
        return result

    def python(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=self.env(), text=True, capture_output=True)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed:\n{result.stdout[-8000:]}\n{result.stderr[-3000:]}")
        return result

    def show(self, sql: str) -> list[dict]:
        """The rows of ``dbt show --inline`` (at most 100), as dicts."""
        result = self.dbt("show", "--inline", sql, "--output", "json", "--limit", "100", "--log-format", "json")
        for line in result.stdout.splitlines():
            preview = json.loads(line).get("data", {}).get("preview")
            if preview is not None:
                return json.loads(preview)
        raise AssertionError(f"no preview in dbt show output:\n{result.stdout[-3000:]}")

    def query(self, sql: str) -> pd.DataFrame:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.sql(sql).df()

    def raw(self, table: str) -> pd.DataFrame:
        return pd.read_parquet(self.raw_dir / f"{table}.parquet")

    def write_raw(self, table: str, frame: pd.DataFrame) -> None:
        path = self.raw_dir / f"{table}.parquet"
        frame.to_parquet(path, index=False)


def make_project(tmp: Path, accounts: int, seed: int = 42, fmt: str = "parquet") -> Project:
    raw, truth = tmp / "raw", tmp / "truth"
    generate(raw, truth, GeneratorConfig(accounts=accounts, seed=seed), fmt=fmt)
    return Project(workdir=tmp, raw_dir=raw, truth_dir=truth)


@pytest.fixture
def small_project(tmp_path: Path) -> Project:
    """300 generated accounts, nothing built yet."""
    return make_project(tmp_path, accounts=300)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The demo dataset (4,200 accounts) built end to end with twelve months of backfilled history."""
    project = make_project(tmp_path_factory.mktemp("demo"), accounts=4200)
    project.python("-m", "segmentation.backfill", "--months", "12")
    return project


def copy_raw(project: Project, tmp: Path) -> Project:
    """A second project over a copy of the first one's raw files."""
    raw = tmp / "raw"
    shutil.copytree(project.raw_dir, raw)
    return Project(workdir=tmp, raw_dir=raw, truth_dir=project.truth_dir)
