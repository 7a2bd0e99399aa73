"""Degenerate data, hostile vars, identical re-runs, interrupted runs, and readers during a build."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from conftest import DBT, MARTS, ROOT, Project, copy_raw, make_project
from segmentation.publish import publish


def mart_fingerprints(project: Project) -> dict[str, str]:
    """An order-independent hash of every mart's rows, doubles rounded to 9 decimals: DuckDB sums
    doubles in parallel, so aggregates of doubles can differ in the last bits between runs."""
    out = {}
    with duckdb.connect(str(project.db), read_only=True) as con:
        for table in MARTS:
            columns = con.execute(f"describe marts.{table}").fetchall()
            exprs = [f"round({c[0]}, 9)" if c[1] == "DOUBLE" else c[0] for c in columns]
            row = "concat_ws('|', " + ", ".join(f"coalesce(cast({e} as varchar), '~')" for e in exprs) + ")"
            out[table] = con.execute(
                f"select md5(coalesce(string_agg({row}, '/' order by {row}), '')) from marts.{table}"
            ).fetchone()[0]
    return out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('{as_of_date: "2026-01-01\'; drop table x; --"}', "var as_of_date must be"),
        ("{as_of_date: '2026-13-45'}", "does not match format"),
        ("{min_clusters: 8, max_clusters: 4}", "min_clusters <= max_clusters"),
        ("{horizon_days: 'ninety'}", "var horizon_days must be a non-negative whole number"),
        ("{rollup_rows_per_block: 0}", "var rollup_rows_per_block must be at least 1 (events per block"),
        ("{horizon_days: 0}", "var horizon_days must be at least 1 (days of the outcome horizon)"),
        ("{retrain_every_days: 0}", "var retrain_every_days must be at least 1 (days between trainings"),
        ("{scoring_evaluation_sample_size: 0}", "var scoring_evaluation_sample_size must be at least 1"),
        ("{migration_from_date: 'yesterday; select 1'}", "migration_from_date"),
    ],
)
def test_malformed_vars_stop_before_any_sql_runs(small_project: Project, value: str, message: str) -> None:
    result = small_project.dbt(
        "build", "--select", "int_as_of_dates", "segment_migration", "--vars", value, check=False
    )
    assert result.returncode != 0
    assert message in result.stdout
    assert not small_project.db.exists() or "drop table" not in result.stdout.split("Compilation Error")[0]


def _keep_accounts(project: Project, n: int) -> None:
    accounts = project.raw("accounts").head(n)
    keep = set(accounts["account_id"])
    project.write_raw("accounts", accounts)
    for table in (
        "contacts",
        "events",
        "transactions",
        "subscriptions",
        "support_tickets",
        "campaign_touches",
        "feedback",
    ):
        frame = project.raw(table)
        project.write_raw(table, frame[frame["account_id"].isin(keep)])


def test_fewer_accounts_than_min_clusters_reports_insufficient_data(tmp_path: Path) -> None:
    project = make_project(tmp_path, accounts=300, seed=6)
    _keep_accounts(project, 3)
    project.dbt("build")
    summary = project.query("select * from marts.segment_summary")
    assert set(summary["clustering_status"]) == {"insufficient_data"}
    assert summary["status_reason"].str.contains("insufficient data").all()
    crm = project.query("select * from marts.crm_account_segments")
    assert len(crm) == 3 and set(crm["segment_id"]) <= {-1, 0}


def test_constant_behavior_does_not_invent_clusters(tmp_path: Path) -> None:
    project = make_project(tmp_path, accounts=40, seed=7)
    accounts = project.raw("accounts")
    for path in project.raw_dir.iterdir():
        if path.stem not in ("accounts", "transactions"):
            path.unlink()
    accounts["created_at"] = pd.Timestamp("2025-01-01")
    project.write_raw("accounts", accounts)
    project.write_raw(
        "transactions",
        pd.DataFrame(
            {
                "transaction_id": [f"T{i}" for i in range(len(accounts))],
                "account_id": accounts["account_id"],
                "occurred_at": pd.Timestamp("2026-09-01 10:00:00"),
                "transaction_type": "purchase",
                "amount": 100.0,
            }
        ),
    )
    project.dbt("build")
    centroids = project.query("select * from ml.ml_segment_centroids")
    assert centroids["clustering_status"].tolist() == ["insufficient_data"]
    assert "varies" in centroids["status_reason"].iloc[0]
    assert project.query("select count(*) as n from marts.crm_account_segments")["n"][0] == 40


def test_single_firmographic_segment_and_one_day_of_history_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, accounts=300, seed=8)
    accounts = project.raw("accounts").assign(firmographic_segment="SMB")
    project.write_raw("accounts", accounts)
    day = pd.Timestamp("2026-09-30")
    for table, column in (
        ("events", "occurred_at"),
        ("transactions", "occurred_at"),
        ("support_tickets", "opened_at"),
        ("campaign_touches", "sent_at"),
    ):
        frame = project.raw(table)
        project.write_raw(table, frame[(frame[column] >= day) & (frame[column] < day + pd.Timedelta(days=1))])
    project.dbt("build")
    validation = project.query("select * from marts.segment_validation where scheme = 'firmographic'")
    assert (validation["segment"].unique() == ["SMB"]).all() or validation.empty
    assert project.query("select count(*) as n from marts.crm_account_segments")["n"][0] == 300


def test_identical_data_gives_identical_marts_and_an_interrupted_build_recovers(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a", accounts=500, seed=9)
    first.dbt("build")
    expected = mart_fingerprints(first)

    second = copy_raw(first, tmp_path / "b")
    # start a build and kill it while the Python models run, then build again
    process = subprocess.Popen([str(DBT), "build"], cwd=ROOT, env=second.env(), stdout=subprocess.PIPE, text=True)
    killed = False
    assert process.stdout is not None
    for line in process.stdout:
        if "START python" in line:
            time.sleep(0.5)
            process.send_signal(signal.SIGKILL)
            killed = True
            break
    process.wait(timeout=300)
    assert killed, "the build never reached a Python model"
    second.dbt("build")
    assert mart_fingerprints(second) == expected


def test_a_reader_holding_the_published_warehouse_does_not_block_the_build(small_project: Project) -> None:
    small_project.dbt("build")
    published = small_project.workdir / "published.duckdb"
    publish(small_project.db, published)
    reader = duckdb.connect(str(published), read_only=True)
    try:
        before = reader.execute("select count(*) from marts.crm_account_segments").fetchone()[0]
        assert before == 300
        # the scheduled build writes the warehouse and republishes while the reader stays connected
        accounts = small_project.raw("accounts").head(250)
        small_project.write_raw("accounts", accounts)
        small_project.dbt("build")
        publish(small_project.db, published)
        assert reader.execute("select count(*) from marts.crm_account_segments").fetchone()[0] == before
    finally:
        reader.close()
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute("select count(*) from marts.crm_account_segments").fetchone()[0] == 250
        changes = fresh.execute(
            "select count(*) from marts.crm_account_segment_changes where sync_action = 'delete'"
        ).fetchone()[0]
        assert changes == 50
