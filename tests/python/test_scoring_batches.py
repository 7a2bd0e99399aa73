"""Scoring a population in batches gives the scores of scoring it whole (the contract the Spark path
relies on), and the reasons' shortcut changes no reason."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from segmentation.scoring import (
    MODEL_FEATURES,
    _fmt,
    _TreeSum,
    candidate_pushes,
    decode_model,
    encode_model,
    explain,
    fit_explainer,
    make_baseline,
    make_model,
    score_and_explain,
)
from segmentation.value import (
    add_percentiles,
    context_sample,
    fit_scoring_context,
    non_contract_summaries,
    score_accounts,
    score_rows,
    with_btyd,
)

FEATURES = ["events_30d", "active_days_30d", "tickets_90d", "recency_days"]


def population(n: int = 1200, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "account_id": [f"A{i:05d}" for i in range(n)],
            "as_of_date": pd.Timestamp("2026-09-30").date(),
            "events_30d": rng.poisson(20, n).astype(float),
            "active_days_30d": rng.integers(0, 31, n).astype(float),
            "tickets_90d": np.where(rng.random(n) < 0.6, 0.0, rng.poisson(3, n)),
            "recency_days": np.where(rng.random(n) < 0.05, np.nan, rng.integers(0, 365, n)),
            "has_active_subscription": rng.random(n) < 0.4,
            "has_subscription_history": rng.random(n) < 0.5,
            "current_mrr": rng.gamma(2.0, 300.0, n),
        }
    )
    X = frame[FEATURES].to_numpy()
    logit = -2 + 0.08 * np.nan_to_num(X[:, 0] - 20) - 0.1 * X[:, 1] + 0.4 * X[:, 2]
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    model = make_model(random_state=0).fit(X, y)
    runs = pd.DataFrame(
        [
            {
                "as_of_date": "2026-09-30",
                "model_name": target,
                "is_champion": True,
                "model_blob": encode_model(model),
                "feature_list": '["' + '", "'.join(FEATURES) + '"]',
                "model_version": f"{target}-test",
            }
            for target in ("propensity", "churn")
        ]
    )
    frequency = rng.integers(0, 8, n).astype(float)
    recency = np.where(frequency > 0, rng.uniform(1, 300, n), 0.0)
    btyd = pd.DataFrame(
        {
            "account_id": frame["account_id"],
            "as_of_date": frame["as_of_date"],
            "btyd_frequency": frequency,
            "btyd_recency_days": recency,
            "btyd_t_days": recency + rng.uniform(1, 60, n),
            "btyd_monetary_value": np.where(frequency > 0, rng.gamma(3.0, 40.0, n), 0.0),
        }
    ).iloc[: int(n * 0.8)]
    return frame, runs, btyd


def test_scoring_in_batches_equals_scoring_the_whole_population() -> None:
    features, runs, btyd = population()
    whole = score_accounts(features, runs, btyd, context_sample_size=500)
    rows = with_btyd(features.sort_values("account_id").reset_index(drop=True), btyd, features["as_of_date"][0])
    ctx = fit_scoring_context(
        context_sample(features, 500), runs, non_contract_summaries(rows), as_of_date=features["as_of_date"][0]
    )
    shuffled = rows.sample(frac=1.0, random_state=1).reset_index(drop=True)
    batches = [score_rows(shuffled.iloc[i::7].reset_index(drop=True), ctx) for i in range(7)]
    batched = add_percentiles(pd.concat(batches, ignore_index=True))
    batched = batched.sort_values("account_id").reset_index(drop=True)
    assert whole["value_method"].eq("btyd").any() and whole["churn_risk_score"].notna().all()
    pd.testing.assert_frame_equal(whole, batched)


def test_reasons_skip_rows_at_the_median_without_changing_any_reason() -> None:
    features, runs, _ = population()
    X = features[FEATURES].to_numpy(dtype=float)
    model = decode_model(runs["model_blob"].iloc[0])  # depends on events, active days and tickets
    explainer = fit_explainer(model, X)
    member = model.calibrated_classifiers_[0]
    base = member.predict_proba(X)[:, 1]
    pushes = np.zeros((len(X), len(explainer["chosen"])))
    for k, j in enumerate(explainer["chosen"]):  # every row predicted, as without the shortcut
        Xc = X.copy()
        Xc[:, j] = explainer["median"][j]
        pushes[:, k] = base - member.predict_proba(Xc)[:, 1]
    np.testing.assert_array_equal(candidate_pushes(member, X, explainer), pushes)
    np.testing.assert_array_equal(candidate_pushes(member, X, explainer, batch_rows=97), pushes)
    # the trees that never split on a candidate were not traversed again, and that changed nothing
    splits = [set(tree[0].nodes["feature_idx"][tree[0].nodes["is_leaf"] == 0]) for tree in member.estimator._predictors]
    assert any(j not in used for j in explainer["chosen"] for used in splits)
    expected = []
    for i in range(len(X)):
        parts = []
        for k in np.argsort(-pushes[i], kind="stable")[:3]:
            if pushes[i, k] <= 0.005:
                break
            j = explainer["chosen"][k]
            name, typical = MODEL_FEATURES.get(FEATURES[j], FEATURES[j]), _fmt(explainer["median"][j])
            parts.append(f"{name} {_fmt(X[i, j])} (typical {typical})")
        expected.append("; ".join(parts) if parts else "no single feature stands out")
    assert explain(model, X, FEATURES, explainer) == expected
    # the shortcut had rows to skip: the strongest candidate sits at its median for some accounts
    assert (X[:, explainer["chosen"]] == explainer["median"][explainer["chosen"]]).any()


def test_only_the_rows_whose_leaf_a_candidate_decides_are_traversed_again() -> None:
    """``moved_leaves`` marks exactly the leaves a row leaves when its candidate is set to the median. A
    leaf it missed would change a push (the tests above); a leaf marked needlessly only costs time."""
    features, runs, _ = population()
    X = features[FEATURES].to_numpy(dtype=float)
    member = decode_model(runs["model_blob"].iloc[0]).calibrated_classifiers_[0]
    explainer = fit_explainer(member, X)
    trees = _TreeSum(member)
    binned = trees.bins(X)
    reached, leaves = trees.reach(binned)
    for t, tree in enumerate(trees.trees):  # the leaves found are the ones scikit-learn's traversal gives
        np.testing.assert_array_equal(leaves[t], tree.predict_binned(binned, trees.missing_bin, 1))
    median_bins = trees.bins(explainer["median"][np.newaxis, :])[0]
    kept = moved = 0
    for j in explainer["chosen"]:
        moved_bins = binned.copy()
        moved_bins[:, j] = median_bins[j]
        after, _ = trees.reach(moved_bins)
        for t in range(len(trees.trees)):
            marked = trees.moved_leaves(t, j, median_bins[j])[reached[t]]
            np.testing.assert_array_equal(marked, after[t] != reached[t])
            if j in trees.splits_on[t]:
                changed = binned[:, j] != median_bins[j]
                moved += int(marked.sum())
                kept += int((changed & ~marked).sum())
    # rows moved, and rows whose candidate changed kept their leaf (those are not traversed again)
    assert moved > 0 and kept > 0


def test_pushes_on_bins_equal_predict_proba_at_every_split_threshold() -> None:
    """The pushes traverse the trees on the rows' bins: a value exactly at a split's threshold, just above
    it, beyond every threshold or missing must still reach the leaf ``predict_proba`` reaches."""
    features, runs, _ = population()
    X = features[FEATURES].to_numpy(dtype=float)
    member = decode_model(runs["model_blob"].iloc[0]).calibrated_classifiers_[0]
    explainer = fit_explainer(member, X)
    rng = np.random.default_rng(7)
    edges = []
    for tree in member.estimator._predictors:
        splits = tree[0].nodes[tree[0].nodes["is_leaf"] == 0]
        for f, threshold in zip(splits["feature_idx"], splits["num_threshold"], strict=True):
            for value in (threshold, np.nextafter(threshold, np.inf), np.nan, -np.inf, 1e12):
                row = X[rng.integers(len(X))].copy()
                row[f] = value
                edges.append(row)
    edges = np.array(edges)
    assert np.isin(edges, X).sum() < edges.size  # values the booster was not trained on
    base = member.predict_proba(edges)[:, 1]
    expected = np.zeros((len(edges), len(explainer["chosen"])))
    for k, j in enumerate(explainer["chosen"]):
        moved = edges.copy()
        moved[:, j] = explainer["median"][j]
        expected[:, k] = base - member.predict_proba(moved)[:, 1]
    np.testing.assert_array_equal(candidate_pushes(member, edges, explainer), expected)
    assert (expected != 0).any()


def test_scores_come_out_as_predict_proba_gives_them_with_the_reasons_explain_gives() -> None:
    features, runs, _ = population()
    X = features[FEATURES].to_numpy(dtype=float)
    ensemble = decode_model(runs["model_blob"].iloc[0])  # three calibrated boosters
    plain = make_baseline().fit(X, X[:, 2] > 0)  # no trees: every row predicted through the public API
    for model in (ensemble, plain):
        explainer = fit_explainer(model, X)
        score, reasons = score_and_explain(model, X, FEATURES, explainer)
        np.testing.assert_array_equal(score, model.predict_proba(X)[:, 1])
        assert reasons == explain(model, X, FEATURES, explainer)
    assert score_and_explain(ensemble, X[:0], FEATURES, fit_explainer(ensemble, X))[1] == []


def test_the_spark_ml_runner_lists_every_ml_model_file() -> None:
    """On a Spark target the ML layer runs outside dbt from a fixed list: a new model file must join it."""
    from segmentation.spark_ml import ML_MODELS, PERSONA_MODELS

    files = {p.stem for p in (Path(__file__).resolve().parents[2] / "python_models" / "ml").glob("ml_*.py")}
    assert sorted(ML_MODELS + PERSONA_MODELS) == sorted(files)


def test_the_context_sample_is_the_accounts_first_by_the_md5_text_of_account_id() -> None:
    """The sample Spark draws with ``orderBy(md5(account_id), account_id)``: the same rows, also when an
    account id repeats (equal digests, ordered by account_id and then kept in the frame's order)."""
    import hashlib

    ids = [f"A{i:05d}" for i in range(300)]
    first = min(ids, key=lambda a: hashlib.md5(a.encode()).hexdigest())
    for extra in ([], [first, first]):
        frame = pd.DataFrame({"account_id": ids + extra, "row": range(len(ids) + len(extra))})
        digest = frame["account_id"].map(lambda a: hashlib.md5(a.encode()).hexdigest())
        expected = frame.assign(digest=digest).sort_values(["digest", "account_id"], kind="stable").head(50)
        expected = expected.drop(columns="digest").sort_values("account_id", kind="stable").reset_index(drop=True)
        sample = context_sample(frame, 50)
        pd.testing.assert_frame_equal(sample, expected)
        assert (sample["account_id"] == first).sum() == 1 + len(extra)
