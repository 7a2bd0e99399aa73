"""The clustering package on small frames: preprocessing, k, names, stable ids, degenerate input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from segmentation.clustering import (
    BehavioralSegmenter,
    InsufficientDataError,
    dominant_behaviors,
    match_previous,
    name_clusters,
)
from segmentation.segments import (
    CHURNED_SEGMENT_ID,
    UNSEGMENTED_SEGMENT_ID,
    assign_segments,
    fit_segments,
)

RULES = pd.DataFrame(
    [
        ("Power users", "events_per_active_day_90d", 1, 1.0),
        ("Price-sensitive", "discount_share_12m", 1, 1.0),
        ("Support-heavy", "tickets_per_month_90d", 1, 1.0),
        ("Low-engagement stable", "active_days_30d", -1, 1.0),
    ],
    columns=["segment_name", "feature", "direction", "weight"],
)


def blobs(n_per: int = 80, seed: int = 0, as_of: str = "2026-01-31") -> tuple[pd.DataFrame, np.ndarray]:
    """Four behavioral groups that differ in one feature each."""
    rng = np.random.default_rng(seed)
    groups = []
    specs = [
        {"events_per_active_day_90d": 8.0},
        {"discount_share_12m": 0.5},
        {"tickets_per_month_90d": 6.0},
        {"active_days_30d": 0.0},
    ]
    for g, spec in enumerate(specs):
        frame = pd.DataFrame(
            {
                "active_days_30d": rng.normal(12, 1.0, n_per).clip(0),
                "events_per_active_day_90d": rng.normal(2.0, 0.2, n_per),
                "discount_share_12m": rng.normal(0.03, 0.01, n_per).clip(0),
                "tickets_per_month_90d": rng.normal(0.3, 0.1, n_per).clip(0),
                "usage_trend": rng.normal(0, 0.05, n_per),
            }
        )
        for column, value in spec.items():
            frame[column] = rng.normal(value, 0.1 * max(value, 1), n_per).clip(0)
        frame["truth"] = g
        groups.append(frame)
    out = pd.concat(groups, ignore_index=True)
    out["account_id"] = [f"a{i:04d}" for i in range(len(out))]
    out["as_of_date"] = pd.Timestamp(as_of).date()
    out["lifecycle_stage"] = "activated"
    out["firmographic_segment"] = rng.choice(["SMB", "Mid-Market"], len(out))
    return out, out["truth"].to_numpy()


def test_firmographic_columns_are_refused_as_inputs() -> None:
    frame, _ = blobs()
    with pytest.raises(ValueError, match="firmographic"):
        BehavioralSegmenter(features=["active_days_30d", "firmographic_segment"]).fit(frame)


def test_chooses_k_recovers_groups_and_drops_constant_or_missing_columns() -> None:
    from sklearn.metrics import adjusted_rand_score

    frame, truth = blobs()
    frame["refund_share_12m"] = 0.0  # constant
    model = BehavioralSegmenter(min_clusters=2, max_clusters=6).fit(frame)
    assert model.n_clusters_ == 4
    assert set(model.silhouette_scores_) == {2, 3, 4, 5, 6}
    assert model.dropped_features_["refund_share_12m"] == "constant"
    assert model.dropped_features_["csat_mean_90d"] == "column absent"
    assert adjusted_rand_score(truth, model.predict(frame)) > 0.95


def test_null_values_contribute_nothing_to_distances() -> None:
    frame, _ = blobs()
    model = BehavioralSegmenter(min_clusters=4, max_clusters=4).fit(frame)
    row = frame.iloc[[0]].copy()
    row["tickets_per_month_90d"] = np.nan
    z = model.transform(row)[0]
    assert z[model.features_.index("tickets_per_month_90d")] == 0.0


def test_too_few_accounts_is_insufficient_data_not_invented_clusters() -> None:
    frame, _ = blobs(n_per=1)
    with pytest.raises(InsufficientDataError):
        BehavioralSegmenter(min_clusters=4, max_clusters=7).fit(frame.iloc[:3])
    constant = frame.assign(
        **{
            c: 1.0
            for c in [
                "active_days_30d",
                "events_per_active_day_90d",
                "discount_share_12m",
                "tickets_per_month_90d",
                "usage_trend",
            ]
        }
    )
    with pytest.raises(InsufficientDataError):
        BehavioralSegmenter().fit(constant)


def test_names_are_unique_and_follow_the_rules() -> None:
    profiles = pd.DataFrame(
        {
            "events_per_active_day_90d": [2.0, 0.1, 0.0],
            "discount_share_12m": [0.0, 1.5, 1.4],
            "tickets_per_month_90d": [0.0, 0.0, 0.2],
            "active_days_30d": [1.0, 0.0, 0.1],
        },
        index=[0, 1, 2],
    )
    names = name_clusters(profiles, RULES)
    assert names[0] == "Power users" and names[1] == "Price-sensitive"
    assert len(set(names.values())) == 3
    # cluster 2 looks price-sensitive too, but the name is taken and no other rule fits
    assert names[2].startswith("Mixed: high discount share 12m")
    assert dominant_behaviors(profiles.loc[0], top=2) == "events per active day 90d +2.0 sd; active days 30d +1.0 sd"


def test_relabelled_clusters_keep_their_previous_ids() -> None:
    centers = pd.DataFrame({"x": [0.0, 5.0, 10.0], "y": [0.0, 5.0, 0.0]}, index=[0, 1, 2])
    previous = pd.DataFrame(
        {"x": [10.1, 0.1, 5.0], "y": [0.0, 0.1, 4.9], "segment_name": ["C", "A", "B"]}, index=[7, 3, 5]
    )
    center, scale = pd.Series({"x": 5.0, "y": 2.5}), pd.Series({"x": 5.0, "y": 2.5})
    matches = {m.cluster: (m.segment_id, m.segment_name) for m in match_previous(centers, previous, center, scale, 0.5)}
    assert matches == {0: (3, "A"), 1: (5, "B"), 2: (7, "C")}
    far = centers.copy()
    far.loc[2] = [40.0, 40.0]
    matches = {m.cluster: m.segment_id for m in match_previous(far, previous, center, scale, 0.5)}
    assert matches[2] is None and matches[0] == 3


def test_fit_segments_is_deterministic_and_stable_across_runs() -> None:
    first, _ = blobs(seed=1, as_of="2026-01-31")
    run1 = fit_segments(first, RULES, None, min_clusters=4, max_clusters=4)
    again = fit_segments(first, RULES, None, min_clusters=4, max_clusters=4)
    pd.testing.assert_frame_equal(run1, again)
    assert sorted(run1["segment_id"]) == [1, 2, 3, 4] and run1["segment_name"].is_unique

    # next month: the same behavior, rows in another order (k-means would relabel)
    second, _ = blobs(seed=2, as_of="2026-02-28")
    second = second.sample(frac=1.0, random_state=3).reset_index(drop=True)
    run2 = fit_segments(second, RULES, run1, min_clusters=4, max_clusters=4)
    assert dict(zip(run2["segment_id"], run2["segment_name"], strict=True)) == dict(
        zip(run1["segment_id"], run1["segment_name"], strict=True)
    )
    assert not run2["is_new_segment"].any()
    # re-running a date replaces it with the same ids, whatever the history holds for that date
    rerun = fit_segments(second, RULES, pd.concat([run1, run2]), min_clusters=4, max_clusters=4)
    pd.testing.assert_frame_equal(rerun.reset_index(drop=True), run2.reset_index(drop=True))


def test_a_segment_that_skips_a_run_comes_back_with_its_id() -> None:
    first, _ = blobs(seed=1, as_of="2026-01-31")
    run1 = fit_segments(first, RULES, None, min_clusters=4, max_clusters=4)
    support_heavy = run1.loc[run1["segment_name"] == "Support-heavy", "segment_id"].iloc[0]
    # next month nobody is support-heavy: three segments
    second, truth = blobs(seed=2, as_of="2026-02-28")
    run2 = fit_segments(second[truth != 2], RULES, run1, min_clusters=3, max_clusters=3)
    assert support_heavy not in set(run2["segment_id"])
    # the month after they are back: the old id and name, not a new segment
    third, _ = blobs(seed=3, as_of="2026-03-31")
    run3 = fit_segments(third, RULES, pd.concat([run1, run2]), min_clusters=4, max_clusters=4)
    back = run3[run3["segment_id"] == support_heavy]
    assert len(back) == 1 and back["segment_name"].iloc[0] == "Support-heavy"
    assert not back["is_new_segment"].iloc[0] and sorted(run3["segment_id"]) == sorted(run1["segment_id"])


def test_assignment_covers_every_account_and_churned_accounts_get_segment_zero() -> None:
    frame, truth = blobs(seed=4)
    frame.loc[:9, "lifecycle_stage"] = "churned"
    centroids = fit_segments(frame, RULES, None, min_clusters=4, max_clusters=4)
    out = assign_segments(frame, centroids)
    assert len(out) == len(frame) and out["account_id"].is_unique
    assert (out.loc[:9, "segment_id"] == CHURNED_SEGMENT_ID).all()
    active = out.iloc[10:]
    # each true group lands in one segment
    assert pd.crosstab(truth[10:], active["segment_id"]).gt(0).sum(axis=1).max() == 1


def test_insufficient_data_run_reports_why_and_leaves_accounts_unsegmented() -> None:
    frame, _ = blobs(n_per=1)
    centroids = fit_segments(frame, RULES, None, min_clusters=4, max_clusters=7)
    assert centroids["clustering_status"].tolist() == ["insufficient_data"]
    assert "insufficient data" in centroids["status_reason"].iloc[0]
    out = assign_segments(frame, centroids)
    assert (out["segment_id"] == UNSEGMENTED_SEGMENT_ID).all()


def test_row_order_of_the_input_does_not_change_the_result() -> None:
    frame, _ = blobs(seed=5)
    shuffled = frame.sample(frac=1.0, random_state=9).reset_index(drop=True)
    a = fit_segments(frame, RULES, None, min_clusters=4, max_clusters=4)
    b = fit_segments(shuffled, RULES.iloc[::-1], None, min_clusters=4, max_clusters=4)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(
        assign_segments(frame, a).sort_values("account_id").reset_index(drop=True),
        assign_segments(shuffled, b).sort_values("account_id").reset_index(drop=True),
    )


def test_persona_themes_do_not_depend_on_row_order() -> None:
    from segmentation.personas import segment_themes

    texts = pd.DataFrame(
        {
            "segment_id": [1, 1, 1, 2, 2, 2],
            "text": [
                "price too high",
                "we renewed for the discount",
                "cheaper alternative exists",
                "sync bug again",
                "integration breaks",
                "help with setup",
            ],
        }
    )
    assert segment_themes(texts) == segment_themes(texts.iloc[::-1].reset_index(drop=True))
