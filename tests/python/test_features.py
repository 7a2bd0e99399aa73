"""Point-in-time features, incremental rollup, and a transactions-only shop."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from conftest import Project, copy_raw, make_project

AS_OF = "2026-06-30"
AS_OF_END = pd.Timestamp("2026-07-01")
TO_FEATURES = ("--select", "+fct_account_features")
TIMESTAMPS = {
    "events": "occurred_at",
    "transactions": "occurred_at",
    "support_tickets": "opened_at",
    "campaign_touches": "sent_at",
    "feedback": "submitted_at",
}


def _features(project: Project) -> pd.DataFrame:
    return project.query("select * from features.fct_account_features order by account_id")


def test_rows_after_the_as_of_date_change_no_feature(small_project: Project, tmp_path: Path) -> None:
    """Appending rows dated after T leaves every feature as of T unchanged."""
    before = copy_raw(small_project, tmp_path / "before")
    for table, column in TIMESTAMPS.items():
        frame = before.raw(table)
        before.write_raw(table, frame[frame[column] < AS_OF_END])
    # subscriptions that start after T are later rows too; ones that end after T are still open at T
    subs = before.raw("subscriptions")
    subs = subs[subs["started_at"] < AS_OF_END].copy()
    subs.loc[subs["ended_at"] >= AS_OF_END, "ended_at"] = pd.NaT
    before.write_raw("subscriptions", subs)
    touches = before.raw("campaign_touches")
    for column in ("opened_at", "clicked_at", "converted_at"):
        touches.loc[touches[column] >= AS_OF_END, column] = pd.NaT
    before.write_raw("campaign_touches", touches)

    vars_ = f"{{as_of_date: '{AS_OF}'}}"
    before.dbt("build", *TO_FEATURES, "--vars", vars_)
    small_project.dbt("build", *TO_FEATURES, "--vars", vars_)
    truncated, full = _features(before), _features(small_project)
    assert len(full) > 100 and (full["as_of_date"].astype(str) == AS_OF).all()
    assert full["events_90d"].sum() > 0 and full["frequency"].sum() > 0
    pd.testing.assert_frame_equal(truncated, full)


def test_incremental_rollup_equals_a_full_refresh(small_project: Project, tmp_path: Path) -> None:
    events = small_project.raw("events")
    cutoff = pd.Timestamp("2026-09-20")
    late = events[(events["occurred_at"] >= cutoff - pd.Timedelta(days=2)) & (events["occurred_at"] < cutoff)]
    first = events[(events["occurred_at"] < cutoff) & ~events["event_id"].isin(late["event_id"].iloc[::2])]
    incremental = copy_raw(small_project, tmp_path / "inc")
    # cautious: only tests whose parents are all selected (a relationships test also needs accounts)
    select = ("--select", "+int_account_activity_daily", "--indirect-selection", "cautious")
    incremental.write_raw("events", first)
    incremental.dbt("build", *select)
    # the next day's load: new days plus events that arrived late for days already rolled up
    incremental.write_raw("events", events[events["occurred_at"] < cutoff + pd.Timedelta(days=5)])
    incremental.dbt("build", *select)
    incremental.write_raw("events", events)
    incremental.dbt("build", *select)
    small_project.dbt("build", *select, "--full-refresh")
    query = "select * from intermediate.int_account_activity_daily order by account_id, activity_date"
    a, b = incremental.query(query), small_project.query(query)
    assert len(a) == len(b) > 0
    pd.testing.assert_frame_equal(a, b)


def test_transactions_only_shop_builds_with_rfm_and_null_behavior(tmp_path: Path) -> None:
    project = make_project(tmp_path, accounts=200)
    for path in project.raw_dir.iterdir():
        if path.stem not in ("accounts", "transactions"):
            path.unlink()
    project.dbt("build", *TO_FEATURES)
    features = _features(project)
    assert len(features) == 200 and features["account_id"].is_unique
    assert features["frequency"].notna().all() and features["r_score"].between(1, 5).all()
    assert features["rfm_segment"].notna().all()
    for column in (
        "events_30d",
        "active_days_30d",
        "usage_trend",
        "tickets_90d",
        "csat_mean_90d",
        "touches_12m",
        "current_mrr",
        "seat_utilization_30d",
    ):
        assert features[column].isna().all(), column
