"""Lookalike audiences: the non-member accounts whose behavior is closest to a seed group's profile.

The seed's profile is the mean of its members' scaled behavioral features (the scaling of the run's
clustering). Every other account that is not churned gets its root-mean-square distance d to that
profile and a similarity 1 / (1 + d); the closest ``max_accounts`` form the audience.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from segmentation.clustering import transform_features

LOOKALIKE_SCHEMA: dict[str, str] = {
    "account_id": "string",
    "as_of_date": "object",
    "seed_name": "string",
    "seed_accounts": "Int64",
    "similarity_score": "Float64",
    "audience_rank": "Int64",
}


def resolve_seed(
    seed: str, features: pd.DataFrame, assignments: pd.DataFrame, values: pd.DataFrame
) -> tuple[str, pd.Series]:
    """The seed's name and a boolean mask of its member accounts (aligned with ``features``).

    ``seed``: 'highest_value' (the segment, churned excluded, with the highest mean predicted 12-month
    value), 'at_risk_loyalists', or a segment id.
    """
    segment_of = features["account_id"].map(assignments.set_index("account_id")["segment_id"])
    name_of = assignments.drop_duplicates("segment_id").set_index("segment_id")["segment_name"]
    seed = str(seed).strip().lower()
    if seed == "at_risk_loyalists":
        return "At-risk loyalists", features["is_at_risk_loyalist"].fillna(False).astype(bool)
    if seed == "highest_value":
        by_segment = values[values["segment_id"] > 0].groupby("segment_id")["predicted_value_12m"].mean()
        if by_segment.empty:
            raise ValueError("no segment to seed a lookalike audience from")
        segment_id = int(by_segment.idxmax())
    else:
        try:
            segment_id = int(seed)
        except ValueError as err:
            raise ValueError(
                f"var lookalike_seed_segment must be 'highest_value', 'at_risk_loyalists' or a segment id; got {seed!r}"
            ) from err
    if segment_id not in name_of.index:
        raise ValueError(f"var lookalike_seed_segment: segment {segment_id} does not exist in this run")
    return str(name_of[segment_id]), segment_of == segment_id


def lookalike_accounts(
    features: pd.DataFrame,
    assignments: pd.DataFrame,
    centroids: pd.DataFrame,
    values: pd.DataFrame,
    *,
    seed: str = "highest_value",
    max_accounts: int = 500,
) -> pd.DataFrame:
    features = features.sort_values("account_id", kind="stable").reset_index(drop=True)
    empty = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in LOOKALIKE_SCHEMA.items()})
    ok = centroids[centroids["clustering_status"] == "ok"]
    if features.empty or ok.empty:
        return empty
    as_of = features["as_of_date"].iloc[0]
    ok = ok[pd.to_datetime(ok["as_of_date"]) == pd.Timestamp(as_of)]
    if ok.empty:
        return empty
    # the seed's value is this as-of date's: earlier dates' scores of the history table do not count
    if "as_of_date" in values.columns:
        values = values[pd.to_datetime(values["as_of_date"]) == pd.Timestamp(as_of)]
    seed_name, members = resolve_seed(seed, features, assignments, values)
    if not members.any():
        return empty
    names = json.loads(ok["features_json"].iloc[0])
    center = pd.Series(json.loads(ok["center_json"].iloc[0]))
    scale = pd.Series(json.loads(ok["scale_json"].iloc[0]))
    Z = ((transform_features(features, names) - center[names]) / scale[names]).fillna(0.0).clip(-5, 5).to_numpy()
    profile = Z[members.to_numpy()].mean(axis=0)
    distance = np.sqrt(((Z - profile) ** 2).mean(axis=1))
    candidates = ~members.to_numpy() & (features["lifecycle_stage"].fillna("") != "churned").to_numpy()
    frame = pd.DataFrame(
        {
            "account_id": features["account_id"],
            "as_of_date": as_of,
            "seed_name": seed_name,
            "seed_accounts": int(members.sum()),
            "similarity_score": np.round(1.0 / (1.0 + distance), 6),
        }
    )[candidates]
    frame = frame.sort_values(["similarity_score", "account_id"], ascending=[False, True], kind="stable")
    frame = frame.head(max_accounts).reset_index(drop=True)
    frame["audience_rank"] = np.arange(1, len(frame) + 1)
    return pd.DataFrame({name: frame[name].astype(dtype) for name, dtype in LOOKALIKE_SCHEMA.items()})
