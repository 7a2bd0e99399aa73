"""The public marts after the demo build: contents, the CRM table and its change set, exports, metrics."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from conftest import DBT, ROOT, Project

MARTS = [
    "segment_summary",
    "segment_trends",
    "segment_migration",
    "segment_validation",
    "segment_health",
    "crm_account_segments",
]


@pytest.fixture(scope="module")
def rebuilt(demo: Project) -> Project:
    """The demo built a second time on identical data (exports land in the test's own folder)."""
    demo.dbt("build", "--vars", f"{{exports_dir: '{demo.workdir / 'exports'}'}}")
    return demo


def test_every_mart_has_rows_and_trends_cover_a_year(rebuilt: Project) -> None:
    for mart in MARTS:
        assert rebuilt.query(f"select count(*) as n from marts.{mart}")["n"][0] > 0, mart
    dates = rebuilt.query("select count(distinct as_of_date) as n from marts.segment_trends")["n"][0]
    assert dates >= 12
    summary = rebuilt.query("select * from marts.segment_summary")
    assert (
        summary["account_count"].sum() == rebuilt.query("select count(*) as n from staging.stg_crm__accounts")["n"][0]
    )
    assert summary["account_share"].sum() == pytest.approx(1.0)
    active = summary[summary["segment_id"] > 0]
    assert 4 <= len(active) <= 7 and active["segment_name"].is_unique
    assert active["is_cross_cutting"].any()


def test_crm_table_has_one_row_per_account_with_a_unique_key(rebuilt: Project) -> None:
    crm = rebuilt.query("select * from marts.crm_account_segments")
    accounts = rebuilt.query("select account_id from staging.stg_crm__accounts")
    assert len(crm) == len(accounts) and set(crm["account_id"]) == set(accounts["account_id"])
    assert crm["crm_account_id"].notna().all() and crm["crm_account_id"].is_unique
    assert crm["row_hash"].notna().all()
    assert crm["propensity_score"].between(0, 1).all() and crm["churn_risk_score"].between(0, 1).all()
    movers = crm[crm["previous_segment_name"].notna()]
    assert len(movers) > 0 and (movers["segment_entered_at"] > pd.Timestamp("2025-09-30").date()).all()


def test_a_second_build_on_identical_data_changes_nothing(rebuilt: Project) -> None:
    assert rebuilt.query("select count(*) as n from marts.crm_account_segment_changes")["n"][0] == 0
    state = rebuilt.query("select count(*) as n from marts.crm_sync_state")["n"][0]
    assert state == rebuilt.query("select count(*) as n from marts.crm_account_segments")["n"][0]


def test_exports_read_back_equal_to_the_table_and_empty_changes_have_headers(rebuilt: Project) -> None:
    folder = rebuilt.workdir / "exports"
    table = rebuilt.query("select * from marts.crm_account_segments order by crm_account_id")
    from_parquet = pq.read_table(folder / "crm_account_segments.parquet").to_pandas()
    from_parquet = from_parquet.sort_values("crm_account_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(from_parquet, table, check_dtype=False)
    from_csv = pacsv.read_csv(folder / "crm_account_segments.csv").to_pandas()
    from_csv = from_csv.sort_values("crm_account_id").reset_index(drop=True)
    assert list(from_csv.columns) == list(table.columns) and len(from_csv) == len(table)
    assert (from_csv["crm_account_id"].astype(str).to_numpy() == table["crm_account_id"].to_numpy()).all()
    pd.testing.assert_series_equal(from_csv["propensity_score"], table["propensity_score"], check_names=False)
    header = (folder / "crm_account_segment_changes.csv").read_text().splitlines()
    assert len(header) == 1 and header[0].startswith('"sync_action","crm_account_id"')
    assert pq.read_table(folder / "crm_account_segment_changes.parquet").num_rows == 0
    assert not list(folder.glob(".*.tmp"))
    manifest = rebuilt.query("select * from exports.exports_crm_files")
    assert set(manifest["file_name"]) == {p.name for p in folder.iterdir()}


def test_behavioral_segments_explain_far_more_churn_than_firmographics(rebuilt: Project) -> None:
    validation = rebuilt.query("select * from marts.segment_validation")
    churn = validation[validation["outcome"] == "churn"].groupby("scheme")["eta_squared"].first()
    ratio = validation.loc[validation["outcome"] == "churn", "behavioral_vs_firmographic_ratio"].iloc[0]
    print(f"\nchurn variance explained: {churn.to_dict()}; behavioral / firmographic = {ratio:.1f}x")
    assert ratio == pytest.approx(churn["behavioral"] / churn["firmographic"])
    assert ratio >= 3
    assert validation.loc[validation["scheme"] == "behavioral", "scheme_p_value"].max() < 0.05


def test_migration_rows_account_for_every_account_of_the_latest_run(rebuilt: Project) -> None:
    migration = rebuilt.query("select * from marts.segment_migration")
    latest = rebuilt.query(
        "select count(*) as n from features.fct_account_segment_history "
        "where as_of_date = (select max(as_of_date) from features.fct_account_segment_history)"
    )["n"][0]
    assert migration["account_count"].sum() == latest
    shares = migration.groupby("from_segment_id")["share_of_from_segment"].sum()
    assert shares.round(9).eq(1).all()


def test_metricflow_answers_revenue_by_segment_by_month(rebuilt: Project) -> None:
    env = rebuilt.env()
    # mf reads <project>/target/semantic_manifest.json whatever DBT_TARGET_PATH says
    env.pop("DBT_TARGET_PATH")
    subprocess.run([str(DBT), "parse", "-q"], cwd=ROOT, env=env, check=True, capture_output=True)
    mf = Path(DBT).with_name("mf")
    result = subprocess.run(
        [
            str(mf),
            "query",
            "--metrics",
            "revenue_12m,accounts",
            "--group-by",
            "account_history__segment_name,metric_time__month",
            "--csv",
            str(rebuilt.workdir / "mf.csv"),
        ],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    answer = pd.read_csv(rebuilt.workdir / "mf.csv")
    latest = answer[answer["metric_time__month"] == answer["metric_time__month"].max()]
    summary = rebuilt.query("select segment_name, revenue_12m, account_count from marts.segment_summary")
    merged = latest.merge(summary, left_on="account_history__segment_name", right_on="segment_name")
    assert len(merged) == len(summary)
    assert (merged["accounts"] == merged["account_count"]).all()
    assert merged["revenue_12m_x"].sub(merged["revenue_12m_y"].astype(float)).abs().max() < 0.01
