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


OTHER_DATED = {
    "transactions": ("base_billing__transactions", "occurred_at", "transaction_id"),
    "support_tickets": ("base_support__tickets", "opened_at", "ticket_id"),
    "campaign_touches": ("base_marketing__campaign_touches", "sent_at", "touch_id"),
}


def _bad_rows(frame: pd.DataFrame, timestamp: str, id_column: str, cutoff: pd.Timestamp) -> pd.DataFrame:
    old = frame[frame[timestamp] < cutoff - pd.Timedelta(days=60)].iloc[[0]]
    return pd.concat(
        [
            # an id staged on an earlier day arrives again on a new day: a duplicate, the stored row is kept
            old.assign(**{timestamp: cutoff + pd.Timedelta(days=1)}),
            # the same new row twice, one dated in the future, and one without a timestamp
            frame[frame[timestamp] >= cutoff].iloc[[0, 0]],
            old.assign(**{id_column: "FUTURE-1", timestamp: pd.Timestamp("2099-01-01")}),
            old.assign(**{id_column: "NO-TIME-1", timestamp: pd.NaT}),
        ],
        ignore_index=True,
    )


def _first_load(frame: pd.DataFrame, table: str, cutoff: pd.Timestamp) -> pd.DataFrame:
    """The rows of a table dated before the cutoff, as a first load saw them: tickets of its last ten days,
    and of ten days long before (older than changes_lookback_days), not yet resolved or rated; touches of
    its last twenty days, and of ten days long before, not yet opened, clicked or converted; transactions
    of three days long before (older than rollup_lookback_days) not yet arrived."""
    timestamp = OTHER_DATED[table][1]
    first = frame[frame[timestamp] < cutoff].copy()
    age = cutoff - first[timestamp]
    long_before = (age >= pd.Timedelta(days=50)) & (age < pd.Timedelta(days=60))
    if table == "support_tickets":
        recent = age <= pd.Timedelta(days=10)
        late = recent | long_before
        assert first.loc[recent, "resolved_at"].notna().sum() > 0
        assert first.loc[long_before, "resolved_at"].notna().sum() > 0
        first.loc[late, ["resolved_at", "csat"]] = None
    if table == "campaign_touches":
        recent = age <= pd.Timedelta(days=20)
        late = recent | long_before
        assert first.loc[recent, "clicked_at"].notna().sum() > 0
        assert first.loc[long_before, "clicked_at"].notna().sum() > 0
        first.loc[late, ["opened_at", "clicked_at", "converted_at"]] = pd.NaT
    if table == "transactions":
        arrived_later = (age >= pd.Timedelta(days=50)) & (age < pd.Timedelta(days=53))
        assert arrived_later.sum() > 0
        first = first[~arrived_later]
    return first


def test_incremental_staging_and_rollup_equal_a_full_refresh(small_project: Project, tmp_path: Path) -> None:
    """Scheduled runs that re-read only their lookback and the days whose raw rows changed stage events,
    transactions, tickets and touches, and roll up the events, as a full rebuild does: late rows (events
    within the lookback, transactions long after), changed rows (tickets resolved, touches clicked after
    their first load, within the lookback and long after), an account removed, and bad rows."""
    events = small_project.raw("events")
    cutoff = pd.Timestamp("2026-09-20")
    late = events[(events["occurred_at"] >= cutoff - pd.Timedelta(days=2)) & (events["occurred_at"] < cutoff)]
    first = events[(events["occurred_at"] < cutoff) & ~events["event_id"].isin(late["event_id"].iloc[::2])]
    old = events[events["occurred_at"] < cutoff - pd.Timedelta(days=60)].iloc[[0]]
    new_day = cutoff + pd.Timedelta(days=1)
    bad = pd.concat(
        [
            # an id already staged on an earlier day arrives again: a duplicate, the stored row is kept
            old.assign(occurred_at=new_day, event_name="replayed"),
            # the same new event twice, a future one, and one without a timestamp (re-read on every run)
            events[events["occurred_at"] >= cutoff].iloc[[0, 0]],
            old.assign(event_id="FUTURE-1", occurred_at=pd.Timestamp("2099-01-01")),
            old.assign(event_id="NO-TIME-1", occurred_at=pd.NaT),
        ],
        ignore_index=True,
    )
    incremental = copy_raw(small_project, tmp_path / "inc")
    # cautious: only tests whose parents are all selected; the reconciliation test runs on every build
    select = (
        "--select",
        "+int_account_activity_daily",
        "+audit_staging_reconciliation",
        "--indirect-selection",
        "cautious",
    )
    others = {table: small_project.raw(table) for table in OTHER_DATED}
    accounts = small_project.raw("accounts")
    # an account with rows in every table (the last in id order: the bad rows copy the first ones)
    leaving = max(set.intersection(*(set(frame["account_id"]) for frame in others.values())))
    incremental.write_raw("events", first)
    for table, frame in others.items():
        incremental.write_raw(table, _first_load(frame, table, cutoff))
    incremental.dbt("build", *select)
    # the next day's load: new days, events that arrived late for days already staged, bad rows, the other
    # tables' rows as they are now, and one account gone
    recent = events[events["occurred_at"] < cutoff + pd.Timedelta(days=5)]
    incremental.write_raw("events", pd.concat([recent, bad], ignore_index=True))
    now = {
        table: pd.concat([frame, _bad_rows(frame, *OTHER_DATED[table][1:], cutoff)], ignore_index=True)
        for table, frame in others.items()
    }
    for project in (incremental, small_project):
        project.write_raw("accounts", accounts[accounts["account_id"] != leaving])
        for table, frame in now.items():
            project.write_raw(table, frame)
    incremental.dbt("build", *select)
    incremental.write_raw("events", pd.concat([events, bad], ignore_index=True))
    incremental.dbt("build", *select)
    # the key tests of the scheduled run grouped the keys of the rows it wrote; a full build groups them all
    key_tests = [p.read_text() for p in (incremental.workdir / "target" / "run").rglob("unique_combination_*")]
    staged = (
        "stg_product__events",
        "stg_billing__transactions",
        "stg_support__tickets",
        "stg_marketing__campaign_touches",
    )
    for table in (*staged, "int_account_activity_daily"):
        (ran,) = [sql for sql in key_tests if f'"{table}"' in sql]
        assert "where loaded_at = (select max(loaded_at)" in ran, table
    small_project.write_raw("events", pd.concat([events, bad], ignore_index=True))
    # the full rebuild aggregates the rollup in blocks of about 2,000 events (ranges of days), the
    # incremental builds in one block: the rows must not differ
    small_project.dbt("build", *select, "--full-refresh", "--vars", "{rollup_rows_per_block: 2000}")
    (compiled,) = (small_project.workdir / "target" / "compiled").rglob("int_account_activity_daily.sql")
    assert compiled.read_text().count("union all") >= 5
    for ran in (small_project.workdir / "target" / "run").rglob("unique_combination_*"):
        assert "loaded_at" not in ran.read_text(), ran.name

    for query in (
        "select * exclude (loaded_at) from intermediate.int_account_activity_daily order by account_id, activity_date",
        "select * exclude (loaded_at) from staging.base_product__events"
        " order by event_id, occurred_at, event_name, id_rank",
        "select * from staging.stg_product__events_quarantine order by record_id, raw_record, quarantine_rule",
    ):
        a, b = incremental.query(query), small_project.query(query)
        assert len(a) == len(b) > 0, query
        pd.testing.assert_frame_equal(a, b)
    # the day's events and distinct features (counted as bits of a feature mask) are those of count(...)
    # over the staged events
    recount = small_project.query(
        """
        select
            events.account_id,
            cast(events.occurred_at as date) as activity_date,
            count(*) as event_count,
            count(distinct coalesce(catalog.feature, 'other')) as feature_count
        from staging.stg_product__events as events
        left join reference.event_catalog as catalog on events.event_name = catalog.event_name
        group by all
        order by all
        """
    )
    daily = small_project.query(
        "select account_id, activity_date, event_count, cast(bit_count(feature_mask) as bigint) as feature_count"
        " from intermediate.int_account_activity_daily order by all"
    )
    assert recount["feature_count"].max() > 1
    pd.testing.assert_frame_equal(recount, daily)
    base = small_project.query("select event_id, quarantine_rule from staging.base_product__events")
    rules = base.dropna().groupby("quarantine_rule")["event_id"].apply(set)
    assert rules["unique:event_id"] == {old["event_id"].iloc[0], bad["event_id"].iloc[1]}
    assert rules["not_in_future:occurred_at"] == {"FUTURE-1"} and rules["not_null:occurred_at"] == {"NO-TIME-1"}
    for table, (model, timestamp, id_column) in OTHER_DATED.items():
        query = f"select * exclude (loaded_at) from staging.{model} order by {id_column}, contract_rule, id_rank"
        a, b = incremental.query(query), small_project.query(query)
        assert len(a) == len(b) == len(now[table]), model
        pd.testing.assert_frame_equal(a, b)
        rules = b.dropna(subset=["quarantine_rule"]).groupby("quarantine_rule")[id_column].apply(set)
        assert rules[f"not_in_future:{timestamp}"] == {"FUTURE-1"}, model
        assert "NO-TIME-1" in rules[f"not_null:{timestamp}"], model
        assert len(rules[f"unique:{id_column}"]) >= 2, model
        gone = b[b["account_id"] == leaving]
        assert len(gone) > 0 and (gone["quarantine_rule"] == "known_account:account_id").all(), model
        # the scheduled runs rewrote only their lookback: rows of earlier days kept the first build's load
        loads = incremental.query(f"select count(distinct loaded_at) as n from staging.{model}")["n"][0]
        assert loads > 1, model


def _old_rows(frame: pd.DataFrame, timestamp: str, days: int, accounts: list[str]) -> pd.DataFrame:
    """Rows dated at least `days` days before the table's last one (older than any lookback), on days with
    no row of `accounts` (days a scheduled run re-reads when those accounts arrive or leave)."""
    day = frame[timestamp].dt.date
    old = frame[timestamp] < frame[timestamp].max() - pd.Timedelta(days=days)
    return frame[old & ~day.isin(day[frame["account_id"].isin(accounts)])]


def test_incremental_staging_follows_accounts_and_repeated_ids(small_project: Project, tmp_path: Path) -> None:
    """A scheduled run after accounts arrive and leave, and after raw rows that repeat an id on days older
    than the lookback arrive or go, stages every row as a full refresh does: the rows sharing an id are
    ranked again whichever day the stored one is on."""
    accounts = small_project.raw("accounts")
    arriving, leaving = accounts["account_id"].iloc[0], accounts["account_id"].iloc[1]
    events = small_project.raw("events")
    # an event of the arriving account, and a later event of another account with the same id: the first is
    # quarantined until its account arrives, then it outranks the other one
    old_events = events[events["occurred_at"] < events["occurred_at"].max() - pd.Timedelta(days=90)]
    first_of_arriving = old_events[old_events["account_id"] == arriving].iloc[0]
    later = _old_rows(events, "occurred_at", 90, [arriving, leaving])
    later = later[later["occurred_at"] > first_of_arriving["occurred_at"]].index[0]
    events.loc[later, "event_id"] = first_of_arriving["event_id"]
    shared_event = first_of_arriving["event_id"]
    # a transaction that arrives again with an earlier date: the new row outranks the stored one
    transactions = small_project.raw("transactions")
    stored_tx = _old_rows(transactions, "occurred_at", 60, [arriving, leaving]).iloc[0]
    earlier_tx = stored_tx.copy()
    earlier_tx["occurred_at"] = stored_tx["occurred_at"] - pd.Timedelta(days=20)
    # a ticket whose earlier copy goes from the raw rows: the stored one, a duplicate until then, is clean
    tickets = small_project.raw("support_tickets")
    kept_ticket = _old_rows(tickets, "opened_at", 90, [arriving, leaving]).iloc[0]
    earlier_ticket = kept_ticket.copy()
    earlier_ticket["opened_at"] = kept_ticket["opened_at"] - pd.Timedelta(days=20)
    tickets_first = pd.concat([tickets, earlier_ticket.to_frame().T], ignore_index=True).astype(tickets.dtypes)

    incremental = copy_raw(small_project, tmp_path / "inc")
    select = ("--select", "+audit_staging_reconciliation", "--indirect-selection", "cautious")
    incremental.write_raw("accounts", accounts[accounts["account_id"] != arriving])
    incremental.write_raw("events", events)
    incremental.write_raw("support_tickets", tickets_first)
    incremental.dbt("build", *select)
    query = "select account_id, quarantine_rule from staging.base_product__events where account_id in ('{}', '{}')"
    first = incremental.query(query.format(arriving, leaving))
    assert set(first.loc[first["account_id"] == arriving, "quarantine_rule"]) == {"known_account:account_id"}
    first_ticket = incremental.query(
        "select coalesce(quarantine_rule, 'clean') as rule from staging.base_support__tickets"
        f" where ticket_id = '{kept_ticket['ticket_id']}' order by opened_at"
    )
    assert first_ticket["rule"].tolist() == ["clean", "unique:ticket_id"]
    # the next load: one account arrives after its events, another one is gone, a transaction arrives
    # again dated earlier, and the ticket's earlier copy is gone
    now = accounts[accounts["account_id"] != leaving]
    transactions_now = pd.concat([transactions, earlier_tx.to_frame().T], ignore_index=True)
    transactions_now = transactions_now.astype(transactions.dtypes)
    for project in (incremental, small_project):
        project.write_raw("accounts", now)
        project.write_raw("events", events)
        project.write_raw("transactions", transactions_now)
        project.write_raw("support_tickets", tickets)
    incremental.dbt("build", *select)
    small_project.dbt("build", *select, "--full-refresh")
    after = incremental.query(query.format(arriving, leaving))
    assert after.loc[after["account_id"] == arriving, "quarantine_rule"].isna().all()
    assert set(after.loc[after["account_id"] == leaving, "quarantine_rule"]) == {"known_account:account_id"}
    repeated = {
        "base_product__events": ("event_id", shared_event, ["clean", "unique:event_id"]),
        "base_billing__transactions": (
            "transaction_id",
            stored_tx["transaction_id"],
            ["clean", "unique:transaction_id"],
        ),
        "base_support__tickets": ("ticket_id", kept_ticket["ticket_id"], ["clean"]),
    }
    for model, (id_column, value, rules) in repeated.items():
        rows = incremental.query(
            f"select coalesce(quarantine_rule, 'clean') as rule from staging.{model}"
            f" where {id_column} = '{value}' order by id_rank, quarantine_rule nulls first"
        )
        assert rows["rule"].tolist() == rules, model
    staged = {"base_product__events": "event_id", **{model: key for model, _, key in OTHER_DATED.values()}}
    for model, id_column in staged.items():
        everything = f"select * exclude (loaded_at) from staging.{model} order by {id_column}, contract_rule, id_rank"
        a, b = incremental.query(everything), small_project.query(everything)
        assert len(a) == len(b) > 0, model
        pd.testing.assert_frame_equal(a, b)


def test_a_day_whose_raw_rows_all_went_fails_the_reconciliation_until_a_full_refresh(small_project: Project) -> None:
    """A scheduled run replaces only the days it reads raw rows of, so an older day whose raw transactions
    were all deleted keeps its staged rows: the reconciliation test fails the build instead of the rows
    lingering unnoticed, and a full refresh stages the raw rows as they are."""
    select = ("--select", "+audit_staging_reconciliation", "--indirect-selection", "cautious")
    small_project.dbt("build", *select)
    transactions = small_project.raw("transactions")
    day = transactions["occurred_at"].dt.date
    gone = day[transactions["occurred_at"] < transactions["occurred_at"].max() - pd.Timedelta(days=90)].iloc[0]
    kept = transactions[day != gone]
    assert 0 < len(kept) < len(transactions)
    small_project.write_raw("transactions", kept)
    query = (
        "select raw_rows, clean_rows + duplicate_rows + quarantined_rows as staged"
        " from staging.audit_staging_reconciliation where source_table = 'transactions'"
    )
    failed = small_project.dbt("build", *select, check=False)
    assert failed.returncode != 0
    assert "FAIL 1 test_audit_staging_reconciliation__rows_reconcile" in failed.stdout
    assert small_project.query(query).iloc[0].tolist() == [len(kept), len(transactions)]
    small_project.dbt("build", *select, "--full-refresh")
    assert small_project.query(query).iloc[0].tolist() == [len(kept), len(kept)]


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
