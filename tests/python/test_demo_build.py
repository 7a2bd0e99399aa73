"""Everything checked on the one demo build (4,200 accounts, twelve months of backfilled history).

One module, so that one pytest worker builds the demo once (tests are distributed by file): read-only
checks first, then the tests that rebuild parts of the demo on identical data, the backfill re-run last.
Covers segments (planted archetypes, history), the usage windows against a recount from the events, scores,
activation marts, the public marts and exports.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from sklearn.metrics import adjusted_rand_score

from conftest import DBT, MARTS, ROOT, Project
from segmentation.scoring import (
    decode_model,
    evaluate,
    evaluation_sample,
    feature_matrix,
    labelled,
    train_all,
    train_target,
    training_sample,
)

TO_ASSIGNMENTS = ("--select", "+ml_segment_assignments")


EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+")


def _segment_archetypes(demo: Project) -> pd.Series:
    """segment_id -> the planted archetype most of its accounts carry."""
    members = demo.query("select account_id, segment_id from marts.crm_account_segments where segment_id > 0").merge(
        pd.read_parquet(demo.truth_dir / "accounts.parquet"), on="account_id"
    )
    return members.groupby("segment_id")["archetype"].agg(lambda s: s.value_counts().index[0])


def _raw_identifiers(demo: Project) -> tuple[set[str], set[str]]:
    contacts = demo.raw("contacts")
    emails = set(contacts["email"].dropna()) | set(contacts["email"].dropna().str.strip().str.lower())
    phones = set(contacts["phone"].dropna())
    return emails, phones


# ---------------------------------------------------------------- segments


def test_clusters_recover_the_planted_archetypes(demo: Project) -> None:
    assigned = demo.query(
        """
        select a.account_id, a.segment_id, a.segment_name, c.n_clusters
        from ml.ml_segment_assignments as a
        inner join ml.ml_segment_centroids as c
            on a.as_of_date = c.as_of_date and a.segment_id = c.segment_id
        where a.as_of_date = (select max(as_of_date) from ml.ml_segment_assignments)
        """
    )
    truth = pd.read_parquet(demo.truth_dir / "accounts.parquet")
    joined = assigned.merge(truth, on="account_id")
    ari = adjusted_rand_score(joined["archetype"], joined["segment_id"])
    print(f"\nadjusted Rand index vs planted archetypes: {ari:.3f} (k = {joined['n_clusters'].iloc[0]})")
    assert 4 <= joined["n_clusters"].iloc[0] <= 7
    assert ari >= 0.7
    # the names say what the planted behavior is
    top = joined.groupby("archetype")["segment_name"].agg(lambda s: s.value_counts().index[0])
    assert top["power_user"] == "Power users"
    assert top["price_sensitive"] == "Price-sensitive"
    assert top["support_heavy"] == "Support-heavy"


def test_backfill_leaves_at_least_twelve_as_of_dates_of_history(demo: Project) -> None:
    dates = demo.query("select count(distinct as_of_date) as n from ml.ml_segment_assignments")["n"][0]
    assert dates >= 13  # twelve month ends before the current date, and the current date
    per_date = demo.query("select as_of_date, count(*) as n from ml.ml_segment_assignments group by 1")
    assert per_date["n"].min() > 0


# ---------------------------------------------------------------- scores


@pytest.fixture(scope="module")
def training_frames(demo: Project) -> tuple[pd.DataFrame, pd.DataFrame]:
    features = demo.query("select * from intermediate.int_account_features_as_of")
    outcomes = demo.query("select * from intermediate.int_account_outcomes")
    return features, outcomes


def test_out_of_time_auc_meets_the_bar_and_beats_the_rfm_baseline(demo: Project) -> None:
    runs = demo.query(
        """
        select model_name, model_kind, roc_auc, pr_auc, brier_score, lift_top_decile, evaluation_rows
        from ml.ml_model_runs
        where as_of_date = (select max(as_of_date) from ml.ml_model_runs)
        """
    ).set_index(["model_name", "model_kind"])
    print("\n" + runs.to_string())
    churn = runs.loc[("churn", "gradient_boosting")]
    propensity = runs.loc[("propensity", "gradient_boosting")]
    assert churn["roc_auc"] >= 0.80
    assert propensity["roc_auc"] >= 0.75
    for name in ("churn", "propensity"):
        model, baseline = runs.loc[(name, "gradient_boosting")], runs.loc[(name, "rfm_logistic_baseline")]
        assert model["roc_auc"] > baseline["roc_auc"] and model["pr_auc"] > baseline["pr_auc"]
        assert model["lift_top_decile"] > 1 and 0 <= model["brier_score"] <= 1


def test_every_account_is_scored_within_bounds(demo: Project) -> None:
    scores = demo.query(
        "select * from ml.ml_account_scores where as_of_date = (select max(as_of_date) from ml.ml_account_scores)"
    )
    accounts = demo.query("select count(*) as n from features.fct_account_features")["n"][0]
    assert len(scores) == accounts and scores["account_id"].is_unique
    for prefix in ("propensity", "churn_risk"):
        assert scores[f"{prefix}_score"].between(0, 1).all()
        assert scores[f"{prefix}_percentile"].between(0, 100).all()
        assert set(scores[f"{prefix}_band"]) <= {"low", "medium", "high"}
        assert scores[f"{prefix}_reasons"].notna().all()
    assert scores["predicted_value_12m"].notna().all() and (scores["predicted_value_12m"] >= 0).all()
    high = scores.sort_values("churn_risk_score").iloc[-1]["churn_risk_reasons"]
    assert "(typical" in high


def test_training_does_not_depend_on_the_order_the_rows_arrive_in(
    training_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """The warehouse hands rows over in no set order: shuffled rows give the same model runs, bit for bit
    (pickled models included)."""
    features, outcomes = training_frames
    in_order = train_all(features, outcomes)
    shuffled = train_all(features.sample(frac=1.0, random_state=3), outcomes.sample(frac=1.0, random_state=4))
    assert in_order["model_blob"].notna().sum() == 2
    pd.testing.assert_frame_equal(in_order, shuffled)


def test_shuffled_labels_drop_auc_to_chance(training_frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    features, outcomes = training_frames
    rng = np.random.default_rng(0)
    shuffled = outcomes.copy()
    for role in ("train", "backtest"):
        rows = shuffled.index[shuffled["as_of_role"] == role]
        for column in ("churned", "propensity_outcome"):
            shuffled.loc[rows, column] = rng.permutation(shuffled.loc[rows, column].to_numpy())
    for target in ("churn", "propensity"):
        real = train_target(features, outcomes, target)
        noise = train_target(features, shuffled, target)
        real_auc = real.loc[real["model_kind"] == "gradient_boosting", "roc_auc"].iloc[0]
        noise_auc = noise.loc[noise["model_kind"] == "gradient_boosting", "roc_auc"].iloc[0]
        print(f"\n{target}: out-of-time ROC AUC {real_auc:.3f} with real labels, {noise_auc:.3f} shuffled")
        assert abs(noise_auc - 0.5) < 0.07
        assert real_auc > noise_auc + 0.2


def test_a_weaker_challenger_does_not_replace_the_champion(
    training_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    features, outcomes = training_frames
    first = train_target(features, outcomes, "churn")
    assert first.loc[first["model_kind"] == "gradient_boosting", "is_champion"].iloc[0]
    # a month later the challenger's out-of-time training labels are noise, so it scores worse on the
    # (real) evaluation window than the champion does: the champion must keep scoring
    later_features = features.assign(as_of_date=pd.to_datetime(features["as_of_date"]) + pd.Timedelta(days=30))
    later_outcomes = outcomes.assign(as_of_date=pd.to_datetime(outcomes["as_of_date"]) + pd.Timedelta(days=30))
    rng = np.random.default_rng(1)
    backtest = later_outcomes.index[later_outcomes["as_of_role"] == "backtest"]
    later_outcomes.loc[backtest, "churned"] = rng.permutation(later_outcomes.loc[backtest, "churned"].to_numpy())
    second = train_target(later_features, later_outcomes, "churn", history=first)
    challenger = second[second["model_kind"] == "gradient_boosting"].iloc[0]
    kept = second[second["model_kind"] == "gradient_boosting_kept"].iloc[0]
    assert not challenger["is_champion"] and kept["is_champion"]
    assert kept["model_version"] == first.loc[first["model_kind"] == "gradient_boosting", "model_version"].iloc[0]
    assert challenger["decision"].startswith("kept")
    assert kept["pr_auc"] > challenger["pr_auc"] / 0.9


def test_a_run_with_too_few_labels_keeps_the_earlier_champion(
    training_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    features, outcomes = training_frames
    first = train_target(features, outcomes, "churn")
    champion = first[first["is_champion"].fillna(False).astype(bool)].iloc[0]
    # a month later only 20 accounts of the training window have their outcomes: too few to train on
    later_features = features.assign(as_of_date=pd.to_datetime(features["as_of_date"]) + pd.Timedelta(days=30))
    later_outcomes = outcomes.assign(as_of_date=pd.to_datetime(outcomes["as_of_date"]) + pd.Timedelta(days=30))
    later_outcomes = later_outcomes.drop(later_outcomes.index[later_outcomes["as_of_role"] == "train"][20:])
    later = pd.to_datetime(later_features.loc[later_features["as_of_role"] == "current", "as_of_date"]).max()

    second = train_target(later_features, later_outcomes, "churn", history=first)
    assert len(second) == 1
    kept = second.iloc[0]
    assert kept["is_champion"] and pd.Timestamp(kept["as_of_date"]) == later
    assert (kept["model_version"], kept["model_blob"]) == (champion["model_version"], champion["model_blob"])
    assert kept["decision"].startswith(f"carried from {pd.Timestamp(champion['as_of_date']).date()}: ")
    assert "(not retrained: insufficient labelled data: " in kept["decision"]
    # with no earlier champion the run says why, and no model scores
    alone = train_target(later_features, later_outcomes, "churn")
    assert not alone["is_champion"].any() and alone["decision"].str.startswith("insufficient labelled data").all()


def test_the_champion_is_compared_on_other_accounts_than_it_trained_on(
    training_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """Above the sample sizes, the out-of-time metrics and the champion comparison use one sample of
    accounts from the other end of the seeded account order than the training samples: the champion's
    recorded metrics are its metrics on exactly those rows, and none of them is an account it trained on,
    even when the later run has other accounts around them."""
    features, outcomes = training_frames
    first = train_target(features, outcomes, "churn", train_sample_size=500)
    # a month later, without a tenth of the accounts: every other account keeps its place in the order
    dropped = features["account_id"].drop_duplicates().sample(frac=0.1, random_state=5)
    later = {
        name: frame[~frame["account_id"].isin(dropped)].assign(
            as_of_date=pd.to_datetime(frame["as_of_date"]) + pd.Timedelta(days=30)
        )
        for name, frame in (("features", features), ("outcomes", outcomes))
    }
    # a ratio no challenger reaches: the champion is kept, with its metrics recorded
    second = train_target(
        later["features"],
        later["outcomes"],
        "churn",
        history=first,
        train_sample_size=500,
        evaluation_sample_size=500,
        promote_ratio=10.0,
    )
    trained_on = set(training_sample(labelled(features, outcomes, "train", "churn"), 500, 42)["account_id"])
    evaluation = labelled(later["features"], later["outcomes"], "train", "churn")
    assert len(evaluation) > 2000
    assert (second["evaluation_rows"] == 500).all() and (second["training_rows"] == 500).all()
    sample = evaluation_sample(evaluation, 500, 42)
    assert len(trained_on) == 500 and len(set(sample["account_id"])) == 500
    assert not trained_on & set(sample["account_id"])
    # a sample by position would have held some of them: the property comes from the account order
    by_position = evaluation.sample(n=500, random_state=43)
    assert trained_on & set(by_position["account_id"])
    champion = first[first["model_kind"] == "gradient_boosting"].iloc[0]
    model, feats = decode_model(champion["model_blob"]), json.loads(champion["feature_list"])
    expected = evaluate(
        sample["churned"].astype(int).to_numpy(), model.predict_proba(feature_matrix(sample, feats))[:, 1]
    )
    on_all = evaluate(
        evaluation["churned"].astype(int).to_numpy(), model.predict_proba(feature_matrix(evaluation, feats))[:, 1]
    )
    assert expected["pr_auc"] != on_all["pr_auc"]
    kept = second[second["model_kind"] == "gradient_boosting_kept"].iloc[0]
    assert kept["model_version"] == champion["model_version"]
    assert kept["roc_auc"] == expected["roc_auc"] and kept["pr_auc"] == expected["pr_auc"]
    assert kept["decision"].endswith(f"current {expected['pr_auc']:.3f}")


# ---------------------------------------------------------------- activation


def test_window_users_and_features_equal_a_recount_from_the_events(demo: Project) -> None:
    """A window's distinct users and features (the latter from the rollup's daily feature masks) are those
    of count(distinct ...) over the staged events; events the catalog does not name are no feature."""
    usage = demo.query(
        """
        select
            account_id,
            as_of_date,
            active_users_30d,
            cast(round(feature_breadth_90d * (select count(distinct feature) from reference.event_catalog))
                as bigint) as features_used_90d
        from intermediate.int_account_usage_summarized
        order by all
        """
    )
    recount = demo.query(
        """
        select
            accounts.account_id,
            accounts.as_of_date,
            count(distinct case when events.occurred_at >= accounts.as_of_end_at - interval 30 day
                then events.user_id end) as active_users_30d,
            count(distinct catalog.feature) as features_used_90d,
            count(distinct coalesce(catalog.feature, 'other')) filter (where events.event_id is not null)
                as with_other
        from intermediate.int_accounts_as_of as accounts
        left join staging.stg_product__events as events
            on
                accounts.account_id = events.account_id
                and events.occurred_at < accounts.as_of_end_at
                and events.occurred_at >= accounts.as_of_end_at - interval 90 day
        left join reference.event_catalog as catalog on events.event_name = catalog.event_name
        group by all
        order by all
        """
    )
    assert len(usage) == len(recount) > 1000
    assert recount["features_used_90d"].max() > 1 and (recount["with_other"] > recount["features_used_90d"]).any()
    pd.testing.assert_frame_equal(usage, recount.drop(columns="with_other"))


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
    assert len(covered) == 7 and checked >= 21  # every archetype, every dimension


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
    files = list((demo.workdir / "exports").glob("*"))
    assert len(files) >= 9  # CRM table, change set and both audience layouts in two formats, persona cards
    for path in files:
        if path.suffix == ".parquet":  # compressed bytes can look like anything: check the values
            table = pq.read_table(path).to_pandas()
            strings = [c for c in table.columns if pd.api.types.is_string_dtype(table[c])]
            values = {str(v) for c in strings for v in table[c].dropna()}
            assert values or table.empty, path
            assert not values & emails and not values & phones, path
            assert not any(EMAIL.search(v) for v in values), path
        else:
            text = path.read_text(encoding="utf-8")
            assert not EMAIL.search(text), path
            assert not any(phone in text for phone in phones), path


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


def test_persona_cards_quote_only_text_that_exists(demo: Project) -> None:
    cards = demo.query("select * from marts.persona_cards")
    texts = set(demo.query("select feedback_text as t from staging.stg_voc__feedback")["t"]) | set(
        demo.query("select subject as t from staging.stg_support__tickets where subject is not null")["t"]
    )
    quoted = 0
    for card in cards.itertuples():
        if not isinstance(card.quotes, str):
            continue
        for quote in card.quotes.split(" || "):
            assert quote in texts, quote
            assert f'"{quote}"' in card.card_markdown
            quoted += 1
    assert quoted >= len(cards)
    assert cards["segment_name"].is_unique and cards["themes"].notna().all()


def test_persona_texts_are_each_segments_first_texts_by_the_md5_of_their_record(demo: Project) -> None:
    per_segment = 4
    result = demo.dbt(
        "show", "--select", "int_segment_texts", "--vars", f"{{persona_texts_per_segment: {per_segment}}}",
        "--output", "json", "--limit", "100", "--log-format", "json",
    )  # fmt: skip
    previews = [json.loads(line).get("data", {}).get("preview") for line in result.stdout.splitlines()]
    sampled = pd.DataFrame(json.loads(next(p for p in previews if p is not None)))
    as_of_end = "(select as_of_end_at from intermediate.int_as_of_dates where as_of_role = 'current')"
    texts = demo.query(
        f"""
        select 'feedback' as source_table, feedback_id as record_id, account_id from staging.stg_voc__feedback
        where submitted_at is null or submitted_at < {as_of_end}
        union all
        select 'support_tickets', ticket_id, account_id from staging.stg_support__tickets
        where subject is not null and opened_at < {as_of_end}
        """
    ).merge(
        demo.query(
            """
            select account_id, segment_id from features.fct_account_segment_history
            where as_of_date = (select as_of_date from intermediate.int_as_of_dates where as_of_role = 'current')
            """
        ),
        on="account_id",
    )
    texts["digest"] = [
        hashlib.md5(f"{source}|{record}".encode()).hexdigest()
        for source, record in zip(texts["source_table"], texts["record_id"], strict=True)
    ]
    # every segment has more texts than the sample: the choice is made, not everything taken
    assert (texts.groupby("segment_id").size() > per_segment).all()
    expected = texts.sort_values(["digest", "record_id"]).groupby("segment_id").head(per_segment)
    key = ["segment_id", "source_table", "record_id"]
    assert len(sampled) == len(expected) == per_segment * texts["segment_id"].nunique()
    assert sorted(map(tuple, sampled[key].to_numpy().tolist())) == sorted(map(tuple, expected[key].to_numpy().tolist()))


def test_experiment_assignments_are_identical_across_builds(demo: Project) -> None:
    query = "select * from marts.experiment_assignments order by account_id, experiment_id"
    before = demo.query(query)
    demo.dbt("build", "--select", "+experiment_assignments", "--indirect-selection", "cautious")
    after = demo.query(query)
    assert len(before) > 0
    pd.testing.assert_frame_equal(before, after)
    holdout = (after["arm"] == "holdout").mean()
    assert 0.15 < holdout < 0.25


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


# ---------------------------------------------------------------- public marts (after a second build)


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
    assert len(movers) > 0 and (pd.to_datetime(movers["segment_entered_at"]) > pd.Timestamp("2025-09-30")).all()


def test_a_second_build_on_identical_data_changes_nothing(rebuilt: Project) -> None:
    assert rebuilt.query("select count(*) as n from marts.crm_account_segment_changes")["n"][0] == 0
    state = rebuilt.query("select count(*) as n from marts.crm_sync_state")["n"][0]
    assert state == rebuilt.query("select count(*) as n from marts.crm_account_segments")["n"][0]


def test_exports_read_back_equal_to_the_table_and_empty_changes_have_headers(rebuilt: Project) -> None:
    folder = rebuilt.workdir / "exports"
    table = rebuilt.query("select * from marts.crm_account_segments order by crm_account_id")
    from_parquet = pq.read_table(folder / "crm_account_segments.parquet").to_pandas()
    from_parquet = from_parquet.sort_values("crm_account_id").reset_index(drop=True)
    for frame in (from_parquet, table):
        for column in ("segment_entered_at", "as_of_date"):
            frame[column] = pd.to_datetime(frame[column])
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


# ---------------------------------------------------------------- the HTML report, in a browser

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "reports" / "test-artifacts"


def test_report_renders_every_chart_offline_in_headless_chromium(rebuilt: Project) -> None:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip(
            "no browser: Debian's chromium and chromium-driver are not installed and could not be "
            "(make browser installs them where apt-get runs as root)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from segmentation.report import CHARTS

    report = rebuilt.workdir / "reports" / "segments.html"
    built = rebuilt.python("-m", "segmentation.report", "--database", str(rebuilt.db), "--out", str(report))
    print("\n" + built.stdout.strip())
    document = report.read_text()
    # self-contained: no script, stylesheet, font or image is fetched from anywhere
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", document)

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={rebuilt.workdir / 'chromium-profile'}",
        "--window-size=1280,1600",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        # no network at all while the report loads
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
        )
        driver.get(report.as_uri())
        rendered = driver.execute_script(
            """
            const out = {};
            document.querySelectorAll('[data-chart]').forEach(box => {
                const plot = box.querySelector('.js-plotly-plot');
                out[box.dataset.chart] = {
                    traces: plot && plot.data ? plot.data.length : 0,
                    svg: box.querySelectorAll('svg.main-svg').length,
                    marks: box.querySelectorAll('.point, .bars path, .heatmaplayer image, .scatterlayer path').length,
                };
            });
            return out;
            """
        )
        text = driver.execute_script("return document.body.innerText")
        requests = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('data:'))"
        )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "report.png"))
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    finally:
        driver.quit()
    print({name: info["marks"] for name, info in rendered.items()})
    assert set(rendered) == set(CHARTS)
    for name, info in rendered.items():
        assert info["traces"] > 0 and info["svg"] > 0 and info["marks"] > 0, (name, info)
    names = rebuilt.query("select segment_name from marts.segment_summary")["segment_name"]
    for name in names:
        assert name in text, name
    assert text.count("What they do") >= (names != "Churned").sum()
    assert requests == [], requests
    assert errors == [], errors
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def test_dbt_docs_generate_and_describe_at_least_95_percent_of_columns(rebuilt: Project) -> None:
    rebuilt.dbt("docs", "generate")
    coverage = subprocess.run(
        [
            str(DBT.with_name("dbt-coverage")),
            "compute",
            "doc",
            "--run-artifacts-dir",
            str(rebuilt.workdir / "target"),
            "--cov-report",
            str(rebuilt.workdir / "coverage-doc.json"),
            "--cov-fail-under",
            "0.95",
        ],
        cwd=ROOT,
        text=True,
        capture_output=True,
    )
    print("\n" + coverage.stdout.strip().splitlines()[-1])
    assert coverage.returncode == 0, coverage.stdout[-3000:] + coverage.stderr[-2000:]
    report = json.loads((rebuilt.workdir / "coverage-doc.json").read_text())
    assert report["covered"] / report["total"] >= 0.95


# ---------------------------------------------------------------- history re-run (last: it rebuilds)


def test_backfill_rerun_does_not_duplicate_history(demo: Project, tmp_path: Path) -> None:
    before = demo.query("select count(*) as n from ml.ml_segment_centroids")["n"][0]
    # re-run the last month end, then the final build, which leaves the demo as the other tests expect it
    demo.python("-m", "segmentation.backfill", "--months", "1")
    after = demo.query("select count(*) as n, count(distinct as_of_date) as d from ml.ml_segment_centroids")
    assert after["n"][0] == before
    duplicates = demo.query(
        "select account_id, as_of_date from ml.ml_segment_assignments group by 1, 2 having count(*) > 1"
    )
    assert duplicates.empty
