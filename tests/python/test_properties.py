"""Property-based tests: random small raw tables, within and just outside the contract.

Hypothesis draws which rows of a small generated CSV dataset to damage and how (values inside the
contract, such as time-zone offsets or zero amounts, and values just outside it, such as NULL keys,
duplicates, negative amounts, text in numeric columns, unparseable or future timestamps, unknown
accounts and enumeration values). Whatever it draws, the build must not crash, every raw row must be
accounted for (clean + quarantined + duplicates), and the CRM table keeps one row per account.

Each example is a dbt build, so the example counts are small and the draws derandomized (the same
examples on every run); the search space is what matters, not the count.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import Project, make_project
from test_bad_input import KEYS, NEGATIVE, TIMESTAMP, WRONG_TYPE, _read, _recon, _write

TABLES = ("accounts", "events", "transactions", "subscriptions", "support_tickets", "campaign_touches", "feedback")

# (mutation, inside the contract?)
MUTATIONS = {
    "null_key": False,
    "duplicate_key": False,
    "unparseable_timestamp": False,
    "future_timestamp": False,
    "timezone_timestamp": True,
    "negative_number": False,
    "zero_number": True,
    "text_in_number": False,
    "unknown_account": False,
    "whitespace_padding": True,
    "unicode_text": True,
}

mutation = st.tuples(
    st.sampled_from(TABLES),
    st.integers(min_value=0, max_value=10_000),  # row, modulo the table's length
    st.sampled_from(sorted(MUTATIONS)),
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return make_project(tmp_path_factory.mktemp("property-base"), accounts=40, seed=11, fmt="csv")


def _damaged_copy(base: Project, tmp: Path, mutations: list[tuple[str, int, str]]) -> tuple[Project, dict[str, int]]:
    """A copy of the base project's raw CSVs with the mutations applied; returns raw row counts."""
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(base.raw_dir, tmp / "raw")
    project = Project(workdir=tmp, raw_dir=tmp / "raw", truth_dir=base.truth_dir)
    frames = {table: _read(project, table) for table in TABLES}
    for table, index, kind in mutations:
        frame, key, ts = frames[table], KEYS[table], TIMESTAMP[table]
        if frame.empty:
            continue
        row = index % len(frame)
        number = NEGATIVE.get(table) or WRONG_TYPE.get(table)
        if kind == "null_key":
            frame.loc[row, key] = ""
        elif kind == "duplicate_key":
            frames[table] = frame = pd.concat([frame, frame.iloc[[row]]], ignore_index=True)
        elif kind == "unparseable_timestamp":
            frame.loc[row, ts] = "sometime soon"
        elif kind == "future_timestamp":
            frame.loc[row, ts] = "2099-12-31 23:59:59"
        elif kind == "timezone_timestamp":
            frame.loc[row, ts] = "2025-06-01T09:30:00-05:00"
        elif kind in ("negative_number", "zero_number", "text_in_number") and number and number in frame:
            frame.loc[row, number] = {"negative_number": "-3", "zero_number": "0", "text_in_number": "lots"}[kind]
        elif kind == "unknown_account" and "account_id" in frame and table != "accounts":
            frame.loc[row, "account_id"] = "ACC-NOT-THERE"
        elif kind == "whitespace_padding":
            frame.loc[row, key] = f"  {frame.loc[row, key]}  " if frame.loc[row, key] else ""
        elif kind == "unicode_text":
            text_columns = [c for c in ("name", "text", "subject", "industry") if c in frame]
            if text_columns:
                frame.loc[row, text_columns[0]] = "Zürich — 東京 ✓ «quoted, with a comma»"
    for table, frame in frames.items():
        _write(project, table, frame)
    return project, {table: len(frame) for table, frame in frames.items()}


SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "phases": (Phase.explicit, Phase.generate),  # each example is a build: report, do not shrink
    "suppress_health_check": (HealthCheck.function_scoped_fixture, HealthCheck.too_slow),
}


@settings(max_examples=5, **SETTINGS)
@given(mutations=st.lists(mutation, min_size=0, max_size=12))
def test_staging_never_crashes_and_accounts_for_every_raw_row(
    base: Project, tmp_path: Path, mutations: list[tuple[str, int, str]]
) -> None:
    project, raw_rows = _damaged_copy(base, tmp_path / "example", mutations)
    project.dbt("build", "--select", "staging", "--indirect-selection", "cautious")
    recon = _recon(project)
    for table, rows in raw_rows.items():
        assert recon.loc[table, "raw_rows"] == rows, (table, mutations)


@settings(max_examples=2, **SETTINGS)
@given(mutations=st.lists(mutation, min_size=1, max_size=8))
def test_full_build_keeps_one_crm_row_per_account(
    base: Project, tmp_path: Path, mutations: list[tuple[str, int, str]]
) -> None:
    project, _ = _damaged_copy(base, tmp_path / "example", mutations)
    project.dbt("build")
    _recon(project)
    accounts = project.query("select account_id from staging.stg_crm__accounts")
    crm = project.query("select account_id, crm_account_id from marts.crm_account_segments")
    assert crm["account_id"].is_unique and crm["crm_account_id"].is_unique
    assert set(crm["account_id"]) == set(accounts["account_id"])
