"""Raw files in, staging and quarantine out: absent tables, bad rows, reconciliation, CSV input."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from conftest import Project, make_project

STAGING = ("--select", "staging")


def test_absent_optional_table_still_builds_and_is_empty(small_project: Project) -> None:
    (small_project.raw_dir / "feedback.parquet").unlink()
    result = small_project.dbt("build", *STAGING)
    assert "Optional raw table 'feedback' not found" in result.stdout
    assert small_project.query("select count(*) as n from staging.stg_voc__feedback")["n"][0] == 0
    columns = small_project.query("describe staging.stg_voc__feedback")["column_name"].tolist()
    assert "feedback_text" in columns and "submitted_at" in columns


def test_absent_required_table_stops_with_a_message_naming_table_and_folder(small_project: Project) -> None:
    (small_project.raw_dir / "accounts.parquet").unlink()
    result = small_project.dbt("build", *STAGING, check=False)
    assert result.returncode != 0
    assert "Required raw table 'accounts' was not found" in result.stdout
    assert str(small_project.raw_dir) in result.stdout


def test_missing_required_column_names_table_and_column(small_project: Project) -> None:
    events = small_project.raw("events").drop(columns=["occurred_at"])
    small_project.write_raw("events", events)
    result = small_project.dbt("build", *STAGING, check=False)
    assert result.returncode != 0
    assert "Raw table 'events'" in result.stdout and "'occurred_at'" in result.stdout


def test_bad_events_land_in_quarantine_with_their_rule_and_counts_reconcile(small_project: Project) -> None:
    events = small_project.raw("events")
    duplicate = events.iloc[[10, 11]].copy()
    null_account = events.iloc[[20]].copy().assign(account_id=None)
    unknown_account = events.iloc[[30]].copy().assign(account_id="NO_SUCH_ACCOUNT")
    future = events.iloc[[40, 41]].copy().assign(occurred_at=pd.Timestamp("2099-01-01 00:00:00"))
    bad = pd.concat([duplicate, null_account, unknown_account, future])
    bad_ids = {
        "unique:event_id": set(duplicate["event_id"]),
        "not_null:account_id": set(null_account["event_id"]),
        "known_account:account_id": set(unknown_account["event_id"]),
        "not_in_future:occurred_at": set(future["event_id"]),
    }
    future_ids = set(future["event_id"])
    # the future rows replace their originals so only the bad version exists
    events = events[~events["event_id"].isin(future_ids)]
    small_project.write_raw("events", pd.concat([events, bad], ignore_index=True))
    raw_rows = len(events) + len(bad)

    small_project.dbt("build", *STAGING)

    quarantine = small_project.query("select * from staging.stg_product__events_quarantine")
    for rule, ids in bad_ids.items():
        assert set(quarantine.loc[quarantine["quarantine_rule"] == rule, "record_id"]) == ids, rule
    assert set(quarantine["source_table"]) == {"events"}
    assert quarantine["column_name"].notna().all() and quarantine["raw_record"].str.contains("event_id=").all()
    recon = small_project.query(
        "select * from staging.audit_staging_reconciliation where source_table = 'events'"
    ).iloc[0]
    assert recon["raw_rows"] == raw_rows
    assert recon["duplicate_rows"] == 2 and recon["quarantined_rows"] == 4
    assert recon["raw_rows"] == recon["clean_rows"] + recon["duplicate_rows"] + recon["quarantined_rows"]
    assert recon["staged_rows"] == recon["clean_rows"]
    assert recon["quarantine_table_rows"] == recon["duplicate_rows"] + recon["quarantined_rows"]
    # the reconciliation data test ran in the build and passed
    clean = small_project.query("select count(*) as n from staging.stg_product__events")["n"][0]
    assert clean == raw_rows - 6


def test_duplicates_keep_the_earliest_row_and_ranks_equal_a_window_over_every_row(small_project: Project) -> None:
    # DuckDB ranks only the ids whose hash repeats: the ranks must be those of a window over every row
    events = small_project.raw("events")
    first = events.iloc[[5]]
    later = first.assign(occurred_at=first["occurred_at"] + pd.Timedelta(hours=1), event_name="later_copy")
    earlier = first.assign(occurred_at=first["occurred_at"] - pd.Timedelta(hours=1), event_name="earlier_copy")
    twice_repeated = events.iloc[[7, 7]]
    small_project.write_raw("events", pd.concat([events, later, earlier, twice_repeated], ignore_index=True))

    small_project.dbt("build", *STAGING)

    event_id = first["event_id"].iloc[0]
    kept = small_project.query(f"select event_name from staging.stg_product__events where event_id = '{event_id}'")
    assert kept["event_name"].tolist() == ["earlier_copy"]
    ranks = small_project.query(
        """
        select
            count(*) as n,
            count(*) filter (where id_rank > 1) as duplicates,
            count(*) filter (where id_rank <> expected_rank) as mismatched
        from (
            select
                id_rank,
                -- session_id, the last tie-break, is stored on quarantined rows only: rows tied on
                -- everything else (the twice-repeated row) keep the model's order among themselves
                row_number() over (
                    partition by event_id, contract_rule
                    order by occurred_at, account_id, event_name, user_id, id_rank
                ) as expected_rank
            from staging.base_product__events
        ) as ranked
        """
    ).iloc[0]
    assert ranks["n"] == len(events) + 4
    assert ranks["duplicates"] == 4 and ranks["mismatched"] == 0
    # the session is stored for quarantined rows only, and the quarantine shows it as it arrived
    repeated = twice_repeated.iloc[0]
    record = small_project.query(
        f"select raw_record from staging.stg_product__events_quarantine where record_id = '{repeated['event_id']}'"
    )["raw_record"]
    assert record.tolist() == [record.iloc[0]] * 2 and f"session_id={repeated['session_id']}" in record.iloc[0]
    sessions = small_project.query(
        "select count(session_id) as stored from staging.base_product__events where quarantine_rule is null"
    )
    assert sessions["stored"][0] == 0


def test_csv_input_stages_the_same_rows_as_parquet(tmp_path: Path) -> None:
    """Timestamps arrive as text with offsets (CSV), as timestamps (parquet) or as timestamps with a time
    zone; each is taken to the same UTC timestamp."""
    parquet = make_project(tmp_path / "p", accounts=150, seed=5)
    csv = make_project(tmp_path / "c", accounts=150, seed=5, fmt="csv")
    zoned = make_project(tmp_path / "z", accounts=150, seed=5)
    parts = sorted(zoned.raw_dir.glob("events.parquet")) + sorted(zoned.raw_dir.glob("events/*.parquet"))
    assert parts
    with duckdb.connect() as con:
        # the same instants, stored as TIMESTAMP WITH TIME ZONE, written from a session in another zone
        con.execute("set TimeZone = 'America/New_York'")
        for part in parts:
            zoned_part = part.with_suffix(".zoned")
            con.execute(
                "copy (select * replace (timezone('UTC', occurred_at) as occurred_at)"
                f" from read_parquet('{part}')) to '{zoned_part}' (format parquet)"
            )
            kind = con.execute(f"select typeof(occurred_at) from read_parquet('{zoned_part}') limit 1").fetchone()
            assert kind == ("TIMESTAMP WITH TIME ZONE",)
            zoned_part.replace(part)
    for project in (parquet, csv, zoned):
        project.dbt("build", *STAGING)
    for model, key in [
        ("stg_crm__accounts", "account_id"),
        ("stg_billing__transactions", "transaction_id"),
        ("stg_product__events", "event_id"),
        ("stg_crm__contacts", "contact_id"),
        ("stg_support__tickets", "ticket_id"),
    ]:
        # loaded_at is the moment of each build
        a = parquet.query(f"select * from staging.{model} order by {key}").drop(columns="loaded_at", errors="ignore")
        for other in (csv, zoned):
            b = other.query(f"select * from staging.{model} order by {key}").drop(columns="loaded_at", errors="ignore")
            assert len(a) == len(b) > 0
            pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_row_fingerprint_tells_a_value_moved_into_a_null_column_apart(tmp_path: Path) -> None:
    """The raw-row fingerprint that finds changed days: rows differing only in which column holds a value
    (the others NULL) hash differently, and equal rows equally."""
    project = Project(workdir=tmp_path, raw_dir=tmp_path, truth_dir=tmp_path)
    rows = project.show(
        "select n, {{ row_fingerprint(['a', 'b', 'c']) }} as fingerprint from (values"
        " (1, 'x', null, 'y'), (2, null, 'x', 'y'), (3, 'x', 'y', null), (4, 'x', null, 'y')) as t(n, a, b, c)"
        " order by n"
    )
    fingerprints = [row["fingerprint"] for row in rows]
    assert len(fingerprints) == 4
    assert len(set(fingerprints[:3])) == 3
    assert fingerprints[3] == fingerprints[0]
