"""Lookalike audiences on small frames: which segment seeds the audience."""

from __future__ import annotations

import json

import pandas as pd

from segmentation.audiences import lookalike_accounts

AS_OF = "2026-03-31"
FEATURE = "events_per_active_day_90d"


def frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    accounts = [f"a{i}" for i in range(8)]
    features = pd.DataFrame(
        {
            "account_id": accounts,
            "as_of_date": pd.Timestamp(AS_OF).date(),
            FEATURE: [9.0, 8.0, 9.5, 8.5, 1.0, 2.0, 1.5, 7.0],
            "lifecycle_stage": "engaged",
            "is_at_risk_loyalist": False,
        }
    )
    assignments = pd.DataFrame(
        {
            "account_id": accounts,
            "as_of_date": pd.Timestamp(AS_OF).date(),
            "segment_id": [1, 1, 1, 1, 2, 2, 2, 2],
            "segment_name": ["Power users"] * 4 + ["Price-sensitive"] * 4,
        }
    )
    centroids = pd.DataFrame(
        {
            "as_of_date": [pd.Timestamp(AS_OF).date()],
            "clustering_status": ["ok"],
            "features_json": [json.dumps([FEATURE])],
            "center_json": [json.dumps({FEATURE: 0.0})],
            "scale_json": [json.dumps({FEATURE: 1.0})],
        }
    )
    return features, assignments, centroids


def test_highest_value_seed_reads_only_the_current_as_of_dates_scores() -> None:
    """The scores history holds an earlier month in which 'Price-sensitive' was worth far more; now 'Power
    users' is. The seed is the segment worth most at this as-of date, not over the history."""
    features, assignments, centroids = frames()
    segment = assignments.set_index("account_id")["segment_id"]
    current = pd.DataFrame(
        {
            "account_id": features["account_id"],
            "as_of_date": pd.Timestamp(AS_OF).date(),
            "predicted_value_12m": [100.0] * 4 + [50.0] * 4,
        }
    )
    earlier = current.assign(
        as_of_date=pd.Timestamp("2026-02-28").date(), predicted_value_12m=[100.0] * 4 + [1000.0] * 4
    )
    values = pd.concat([earlier, current], ignore_index=True)
    values["segment_id"] = values["account_id"].map(segment)

    audience = lookalike_accounts(features, assignments, centroids, values, seed="highest_value", max_accounts=3)

    assert set(audience["seed_name"]) == {"Power users"}
    assert set(audience["seed_accounts"]) == {4}
    assert set(audience["account_id"]) <= {"a4", "a5", "a6", "a7"}
    # the closest non-member to the seed's behavior ranks first
    assert audience["account_id"].iloc[0] == "a7"
