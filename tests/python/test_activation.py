"""Activation marts on the demo build: playbook vs the planted tactics, experiments, privacy, personas."""

from __future__ import annotations

import hashlib
import re

import duckdb
import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from conftest import Project

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+")


def _segment_archetypes(demo: Project) -> pd.Series:
    """segment_id -> the planted archetype most of its accounts carry."""
    members = demo.query("select account_id, segment_id from marts.crm_account_segments where segment_id > 0").merge(
        pd.read_parquet(demo.truth_dir / "accounts.parquet"), on="account_id"
    )
    return members.groupby("segment_id")["archetype"].agg(lambda s: s.value_counts().index[0])


def test_playbook_recommends_the_planted_tactics(demo: Project) -> None:
    playbook = demo.query("select * from marts.segment_playbook where segment_id > 0")
    recommended = playbook[playbook["is_recommended"]]
    assert (recommended["touches"] >= recommended["minimum_touches"]).all()
    assert (recommended["interval_lower"] > recommended["segment_response_rate"]).all()
    planted = pd.read_parquet(demo.truth_dir / "tactics.parquet")
    archetype_of = _segment_archetypes(demo)
    checked = 0
    for row in recommended.itertuples():
        archetype = archetype_of[row.segment_id]
        best = planted[(planted["archetype"] == archetype) & (planted["dimension"] == row.dimension)]["best_value"]
        assert row.tactic == best.iloc[0], (archetype, row.dimension, row.tactic)
        checked += 1
    covered = set(archetype_of[recommended["segment_id"].unique()])
    print(f"\n{checked} recommendations, all the planted tactic; archetypes covered: {sorted(covered)}")
    assert len(covered) >= 6 and checked >= 18


def test_experiment_assignments_are_identical_across_builds(demo: Project) -> None:
    query = "select * from marts.experiment_assignments order by account_id, experiment_id"
    before = demo.query(query)
    demo.dbt("build", "--select", "+experiment_assignments", "--indirect-selection", "cautious")
    after = demo.query(query)
    assert len(before) > 0
    pd.testing.assert_frame_equal(before, after)
    holdout = (after["arm"] == "holdout").mean()
    assert 0.15 < holdout < 0.25


def _raw_identifiers(demo: Project) -> tuple[set[str], set[str]]:
    contacts = demo.raw("contacts")
    emails = set(contacts["email"].dropna()) | set(contacts["email"].dropna().str.strip().str.lower())
    phones = set(contacts["phone"].dropna())
    return emails, phones


def test_no_raw_email_or_phone_leaves_staging(demo: Project) -> None:
    emails, phones = _raw_identifiers(demo)
    assert emails and phones
    with duckdb.connect(str(demo.db), read_only=True) as con:
        columns = con.sql(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_schema not in ('staging', 'main') and data_type = 'VARCHAR'"
        ).fetchall()
        for schema, table, column in columns:
            values = {v for (v,) in con.sql(f'select distinct "{column}" from {schema}.{table}').fetchall() if v}
            assert not values & emails, f"raw email in {schema}.{table}.{column}"
            assert not values & phones, f"raw phone in {schema}.{table}.{column}"
            assert not any(EMAIL.search(v) for v in values), f"email-like text in {schema}.{table}.{column}"
    folder = demo.workdir / "exports"
    files = list(folder.glob("*")) if folder.exists() else []
    files += list((demo.workdir.parent / "exports").glob("*")) if (demo.workdir.parent / "exports").exists() else []
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="ignore")
        assert not EMAIL.search(text), path


def test_audience_has_only_opted_in_contacts_hashed_per_platform_rules(demo: Project) -> None:
    contacts = demo.raw("contacts")
    audience_accounts = set(demo.query("select account_id from ml.ml_lookalike_accounts")["account_id"])
    members = contacts[contacts["account_id"].isin(audience_accounts)].copy()
    members["hash"] = members["email"].str.strip().str.lower().map(lambda e: hashlib.sha256(e.encode()).hexdigest())
    opted_in = set(members.loc[members["marketing_opt_in"], "hash"])
    opted_out_only = set(members.loc[~members["marketing_opt_in"], "hash"]) - opted_in
    audience = demo.query("select * from marts.lookalike_audience")
    assert len(audience) > 0
    hashed = set(audience["email_sha256"].dropna())
    assert hashed <= opted_in
    assert not hashed & opted_out_only
    assert audience["email_sha256"].dropna().str.fullmatch("[0-9a-f]{64}").all()
    seed = demo.query("select distinct seed_name from marts.lookalike_audience")["seed_name"].tolist()
    seed_members = demo.query(f"select account_id from marts.crm_account_segments where segment_name = '{seed[0]}'")[
        "account_id"
    ]
    assert not set(audience["account_id"]) & set(seed_members)


def test_audience_exports_are_in_the_platform_layouts(demo: Project) -> None:
    folder = demo.workdir / "exports"
    demo.dbt("build", "--select", "exports_crm_files", "--vars", f"{{exports_dir: '{folder}'}}")
    google = pacsv.read_csv(folder / "audience_google_customer_match.csv").to_pandas()
    meta = pacsv.read_csv(folder / "audience_meta_custom_audience.csv").to_pandas()
    assert list(google.columns) == ["Email", "Phone", "Country"]
    assert list(meta.columns) == ["email", "phone", "country"]
    audience = demo.query("select * from marts.lookalike_audience")
    assert len(google) == len(meta) == len(audience)
    assert google["Email"].dropna().str.fullmatch("[0-9a-f]{64}").all()
    assert pq.read_table(folder / "audience_meta_custom_audience.parquet").num_rows == len(audience)


def test_persona_cards_quote_only_text_that_exists(demo: Project) -> None:
    cards = demo.query("select * from marts.persona_cards")
    texts = set(demo.query("select feedback_text as t from staging.stg_voc__feedback")["t"]) | set(
        demo.query("select subject as t from staging.stg_support__tickets where subject is not null")["t"]
    )
    quoted = 0
    for card in cards.itertuples():
        if card.quotes is None:
            continue
        for quote in card.quotes.split(" || "):
            assert quote in texts, quote
            assert f'"{quote}"' in card.card_markdown
            quoted += 1
    assert quoted >= len(cards)
    assert cards["segment_name"].is_unique and cards["themes"].notna().all()
