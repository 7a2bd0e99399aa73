"""Incremental staging of the dated tables other than events (transactions, support tickets, campaign
touches): scheduled runs that re-read only their lookback give the rows of a full rebuild."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from conftest import Project, copy_raw

CUTOFF = pd.Timestamp("2026-09-20")
NEW_DAY = CUTOFF + pd.Timedelta(days=1)
# cautious: only tests whose parents are all selected; the reconciliation test runs on every build
SELECT = ("--select", "+audit_staging_reconciliation", "--indirect-selection", "cautious")
BASE = {
    "transactions": ("base_billing__transactions", "occurred_at", "transaction_id"),
    "support_tickets": ("base_support__tickets", "opened_at", "ticket_id"),
    "campaign_touches": ("base_marketing__campaign_touches", "sent_at", "touch_id"),
}


def _bad_rows(frame: pd.DataFrame, timestamp: str, id_column: str) -> pd.DataFrame:
    old = frame[frame[timestamp] < CUTOFF - pd.Timedelta(days=60)].iloc[[0]]
    return pd.concat(
        [
            # an id staged on an earlier day arrives again on a new day: a duplicate, the stored row is kept
            old.assign(**{timestamp: NEW_DAY}),
            # the same new row twice, one dated in the future, and one without a timestamp
            frame[frame[timestamp] >= CUTOFF].iloc[[0, 0]],
            old.assign(**{id_column: "FUTURE-1", timestamp: pd.Timestamp("2099-01-01")}),
            old.assign(**{id_column: "NO-TIME-1", timestamp: pd.NaT}),
        ],
        ignore_index=True,
    )


def _stored(project: Project, model: str, id_column: str) -> pd.DataFrame:
    return project.query(
        f"select * exclude (loaded_at) from staging.{model} order by {id_column}, contract_rule, id_rank"
    )


def test_incremental_transactions_tickets_and_touches_equal_a_full_refresh(
    small_project: Project, tmp_path: Path
) -> None:
    full = {table: small_project.raw(table) for table in BASE}
    accounts = small_project.raw("accounts")
    # an account with rows in every table (the last in id order: the bad rows copy the first ones)
    leaving = max(set.intersection(*(set(frame["account_id"]) for frame in full.values())))
    first_load = {}
    for table, (_, timestamp, _) in BASE.items():
        frame = full[table]
        first = frame[frame[timestamp] < CUTOFF].copy()
        if table == "support_tickets":
            # tickets still open when first loaded, resolved and rated a few days later
            late = first[timestamp] >= CUTOFF - pd.Timedelta(days=10)
            assert first.loc[late, "resolved_at"].notna().sum() > 0
            first.loc[late, ["resolved_at", "csat"]] = None
        if table == "campaign_touches":
            # clicks and conversions that arrive after the touch was first loaded
            late = first[timestamp] >= CUTOFF - pd.Timedelta(days=20)
            assert first.loc[late, "clicked_at"].notna().sum() > 0
            first.loc[late, ["opened_at", "clicked_at", "converted_at"]] = pd.NaT
        first_load[table] = first
    incremental = copy_raw(small_project, tmp_path / "inc")
    for table, frame in first_load.items():
        incremental.write_raw(table, frame)
    incremental.dbt("build", *SELECT)

    # the next load: every row as it is now, new days, bad rows, and an account gone since the first build
    now = {
        table: pd.concat([frame, _bad_rows(frame, *BASE[table][1:])], ignore_index=True)
        for table, frame in full.items()
    }
    for project in (incremental, small_project):
        project.write_raw("accounts", accounts[accounts["account_id"] != leaving])
        for table, frame in now.items():
            project.write_raw(table, frame)
    incremental.dbt("build", *SELECT)
    small_project.dbt("build", *SELECT, "--full-refresh")

    for table, (model, timestamp, id_column) in BASE.items():
        a, b = _stored(incremental, model, id_column), _stored(small_project, model, id_column)
        assert len(a) == len(b) == len(now[table]), model
        pd.testing.assert_frame_equal(a, b)
        rules = b.dropna(subset=["quarantine_rule"]).groupby("quarantine_rule")[id_column].apply(set)
        assert {"FUTURE-1"} == rules[f"not_in_future:{timestamp}"], model
        assert {"NO-TIME-1"} <= rules[f"not_null:{timestamp}"], model
        assert len(rules[f"unique:{id_column}"]) >= 2, model
        gone = b[b["account_id"] == leaving]
        assert len(gone) > 0 and (gone["quarantine_rule"] == "known_account:account_id").all(), model
        # the scheduled run rewrote only its lookback: rows of earlier days kept the first build's load
        loads = incremental.query(f"select count(distinct loaded_at) as n from staging.{model}")["n"][0]
        assert loads == 2, model
