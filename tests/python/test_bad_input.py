"""The bad-input matrix: every case ends in quarantine with its rule, or in a clear stop.

Row-level cases (one bad row each, its expected rule known) are planted in CSV copies of every raw
table and built together; file-level cases (absent, header only, required column missing, invalid
UTF-8) each take one build covering every table. Reconciliation (raw = clean + quarantined) is
checked every time.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from conftest import Project, make_project
from segmentation.generate import SCHEMAS

STAGING = ("build", "--select", "staging", "--indirect-selection", "cautious")
KEYS = {
    "accounts": "account_id",
    "contacts": "contact_id",
    "events": "event_id",
    "transactions": "transaction_id",
    "subscriptions": "subscription_id",
    "support_tickets": "ticket_id",
    "campaigns": "campaign_id",
    "campaign_touches": "touch_id",
    "feedback": "feedback_id",
}
TIMESTAMP = {
    "accounts": "created_at",
    "contacts": "created_at",
    "events": "occurred_at",
    "transactions": "occurred_at",
    "subscriptions": "started_at",
    "support_tickets": "opened_at",
    "campaigns": "started_at",
    "campaign_touches": "sent_at",
    "feedback": "submitted_at",
}
NEGATIVE = {
    "transactions": "seats",
    "subscriptions": "mrr",
    "campaigns": "spend",
    "campaign_touches": "cost",
    "accounts": "employee_count",
}
WRONG_TYPE = {
    "transactions": "amount",
    "subscriptions": "mrr",
    "support_tickets": "csat",
    "accounts": "employee_count",
    "contacts": "marketing_opt_in",
    "campaigns": "spend",
    "campaign_touches": "cost",
    "feedback": "score",
}
ENUM = {
    "transactions": ("transaction_type", "gift_card", "accepted_values:transaction_type"),
    "support_tickets": ("severity", "catastrophic", "accepted_values:severity"),
}
LONG_TEXT = "x" * 100_000


def _cases(table: str, key: str, columns: pd.Index) -> list[tuple[str, str | None, dict[str, str]]]:
    """(case, expected quarantine rule or None for rows that stay clean, column changes)."""
    ts = TIMESTAMP[table]
    cases: list[tuple[str, str | None, dict[str, str]]] = [
        ("null_key", f"not_null:{key}", {key: ""}),
        ("duplicate", f"unique:{key}", {}),  # keeps the first row's id
        ("unparseable_timestamp", f"parseable:{ts}", {ts: "last tuesday"}),
        ("future_timestamp", f"not_in_future:{ts}", {ts: "2099-01-01 00:00:00"}),
        ("timezone_timestamp", None, {ts: "2026-01-01T10:00:00+02:00"}),
    ]
    if table in NEGATIVE:
        cases.append(("negative", f"non_negative:{NEGATIVE[table]}", {NEGATIVE[table]: "-5"}))
    if table in WRONG_TYPE:
        cases.append(("wrong_type", f"parseable:{WRONG_TYPE[table]}", {WRONG_TYPE[table]: "twelve"}))
    if table in ENUM:
        column, value, rule = ENUM[table]
        cases.append(("unknown_enum", rule, {column: value}))
    if "account_id" in columns and table != "accounts":
        cases.append(("unknown_account", "known_account:account_id", {"account_id": "NO-SUCH-ACCOUNT"}))
    if table == "campaigns":
        cases.append(("unknown_channel", None, {"channel": "carrier_pigeon"}))
    if table == "feedback":
        cases.append(("long_text", None, {"text": LONG_TEXT}))
    return cases


def _csv_project(tmp: Path) -> Project:
    return make_project(tmp, accounts=60, seed=3, fmt="csv")


def _read(project: Project, table: str) -> pd.DataFrame:
    return pd.read_csv(project.raw_dir / f"{table}.csv", dtype=str, keep_default_na=False)


def _write(project: Project, table: str, frame: pd.DataFrame) -> None:
    frame.to_csv(project.raw_dir / f"{table}.csv", index=False, quoting=csv.QUOTE_MINIMAL)


def _recon(project: Project) -> pd.DataFrame:
    recon = project.query("select * from staging.audit_staging_reconciliation").set_index("source_table")
    assert (recon["raw_rows"] == recon["clean_rows"] + recon["duplicate_rows"] + recon["quarantined_rows"]).all()
    assert (recon["staged_rows"] == recon["clean_rows"]).all()
    return recon


def test_row_level_bad_input_is_quarantined_with_its_rule(tmp_path: Path) -> None:
    project = _csv_project(tmp_path)
    expected: dict[tuple[str, str], str] = {}
    for table, key in KEYS.items():
        frame = _read(project, table)
        template = frame.iloc[0].to_dict()
        cases = _cases(table, key, frame.columns)
        rows = []
        for case, rule, changes in cases:
            row = dict(template)
            row[key] = template[key] if case == "duplicate" else f"BAD-{table}-{case}"
            row.update(changes)
            rows.append(row)
            if rule is not None and row[key] not in ("", template[key]):
                expected[(table, row[key])] = rule
        frame = pd.concat([frame, pd.DataFrame(rows)], ignore_index=True)
        frame["extra_column_ignored"] = "anything"
        _write(project, table, frame)
        nulls = frame[frame[key] == ""]
        expected_nulls = len(nulls)
        assert expected_nulls == 1

    project.dbt(*STAGING)
    quarantine = pd.concat(
        [
            project.query(f"select * from staging.stg_{m}_quarantine")
            for m in (
                "crm__accounts",
                "crm__contacts",
                "product__events",
                "billing__transactions",
                "billing__subscriptions",
                "support__tickets",
                "marketing__campaigns",
                "marketing__campaign_touches",
                "voc__feedback",
            )
        ],
        ignore_index=True,
    )
    by_id = quarantine.set_index(["source_table", "record_id"])["quarantine_rule"]
    for (table, record_id), rule in expected.items():
        assert by_id.get((table, record_id)) == rule, (table, record_id, by_id.get((table, record_id)))
    for table, key in KEYS.items():
        rules = set(quarantine.loc[quarantine["source_table"] == table, "quarantine_rule"])
        assert f"not_null:{key}" in rules and f"unique:{key}" in rules, table
    # kept rows: time zones converted to UTC, unknown channel kept as 'other', long text kept whole
    events = project.query(
        "select occurred_at from staging.stg_product__events where event_id = 'BAD-events-timezone_timestamp'"
    )
    assert str(events["occurred_at"][0]) == "2026-01-01 08:00:00"
    channel = project.query(
        "select channel from staging.stg_marketing__campaigns where campaign_id = 'BAD-campaigns-unknown_channel'"
    )
    assert channel["channel"][0] == "other"
    text = project.query(
        "select length(feedback_text) as n from staging.stg_voc__feedback where feedback_id = 'BAD-feedback-long_text'"
    )
    assert text["n"][0] == len(LONG_TEXT)
    recon = _recon(project)
    assert (recon["quarantined_rows"] + recon["duplicate_rows"] > 0).all()
    # the quarantine shows the text as it arrived ...
    shown = quarantine.set_index(["source_table", "record_id"])["raw_record"]
    for table in KEYS:
        assert "last tuesday" in shown[(table, f"BAD-{table}-unparseable_timestamp")], table
        if table in WRONG_TYPE:
            assert "twelve" in shown[(table, f"BAD-{table}-wrong_type")], table
    # ... which the base tables keep on quarantined rows only (but channel_raw, which a clean campaign's
    # channel is mapped from)
    raw_columns = project.query(
        "select table_name, column_name from information_schema.columns where table_schema = 'staging'"
        " and table_name like 'base_%' and column_name like '%_raw' and column_name <> 'channel_raw'"
    )
    assert set(raw_columns["table_name"]) == {
        "base_crm__accounts",
        "base_crm__contacts",
        "base_product__events",
        "base_billing__transactions",
        "base_billing__subscriptions",
        "base_support__tickets",
        "base_marketing__campaigns",
        "base_marketing__campaign_touches",
        "base_voc__feedback",
    }
    for model, group in raw_columns.groupby("table_name"):
        kept = " or ".join(f"{column} is not null" for column in group["column_name"])
        counts = project.query(
            f"select count(*) filter (where quarantine_rule is null) as clean,"
            f" count(*) filter (where quarantine_rule is not null) as quarantined"
            f" from staging.{model} where {kept}"
        )
        assert counts["clean"][0] == 0 and counts["quarantined"][0] > 0, model


def test_every_optional_table_absent_builds_everything(tmp_path: Path) -> None:
    project = make_project(tmp_path, accounts=80, seed=4)
    for path in project.raw_dir.iterdir():
        if path.stem not in ("accounts", "transactions"):
            path.unlink()
    result = project.dbt("build")
    for table in SCHEMAS:
        if table not in ("accounts", "transactions"):
            assert f"Optional raw table '{table}' not found" in result.stdout
    assert project.query("select count(*) as n from marts.crm_account_segments")["n"][0] == 80
    assert project.query("select count(*) as n from marts.lookalike_audience")["n"][0] == 0


def test_header_only_files_build_with_empty_marts(tmp_path: Path) -> None:
    project = _csv_project(tmp_path)
    for table in SCHEMAS:
        frame = _read(project, table)
        _write(project, table, frame.iloc[:0])
    project.dbt("build")
    recon = _recon(project)
    assert (recon["raw_rows"] == 0).all()
    assert project.query("select count(*) as n from marts.crm_account_segments")["n"][0] == 0
    status = project.query("select clustering_status, status_reason from ml.ml_segment_centroids")
    assert status["clustering_status"].tolist() == ["insufficient_data"]


@pytest.mark.parametrize("table", ["accounts", "events", "transactions", "feedback"])
def test_missing_required_column_stops_naming_table_and_column(tmp_path: Path, table: str) -> None:
    project = _csv_project(tmp_path)
    key = KEYS[table]
    frame = _read(project, table).drop(columns=[key])
    _write(project, table, frame)
    result = project.dbt(*STAGING, check=False)
    assert result.returncode != 0
    assert f"Raw table '{table}'" in result.stdout and f"'{key}'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_invalid_utf8_stops_with_a_message_naming_the_file(tmp_path: Path) -> None:
    project = _csv_project(tmp_path)
    path = project.raw_dir / "feedback.csv"
    path.write_bytes(path.read_bytes() + b'FBX,A0000001,,survey,2026-01-01 00:00:00,5,"caf\xe9 \xff broken"\n')
    result = project.dbt(*STAGING, check=False)
    assert result.returncode != 0
    assert "feedback.csv" in result.stdout and "unicode" in result.stdout.lower()
    assert "Traceback" not in result.stdout + result.stderr
