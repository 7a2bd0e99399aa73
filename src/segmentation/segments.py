"""Segment runs: fit, name and match clusters for one as-of date, and assign every account.

The fitted state of a run is written as rows of the centroid history (one row per segment, with the
scaling parameters and centroids serialized as JSON text), so assignment needs nothing but that
table, and the next run can match its clusters to this one's.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from segmentation.clustering import (
    BehavioralSegmenter,
    InsufficientDataError,
    dominant_behaviors,
    match_previous,
    name_clusters,
    nearest_center,
    transform_features,
)

CHURNED_SEGMENT_ID = 0
CHURNED_SEGMENT_NAME = "Churned"
UNSEGMENTED_SEGMENT_ID = -1
UNSEGMENTED_SEGMENT_NAME = "Unsegmented"

# Column -> pandas dtype. Nullable dtypes keep a column typed in the warehouse even when every
# value of a run is NULL.
CENTROID_SCHEMA: dict[str, str] = {
    "as_of_date": "object",
    "segment_id": "Int64",
    "segment_name": "string",
    "dominant_behaviors": "string",
    "is_new_segment": "boolean",
    "previous_match_distance": "Float64",
    "fit_account_count": "Int64",
    "n_clusters": "Int64",
    "silhouette_score": "Float64",
    "silhouette_by_k": "string",
    "clustering_status": "string",
    "status_reason": "string",
    "features_json": "string",
    "center_json": "string",
    "scale_json": "string",
    "centroid_scaled_json": "string",
    "centroid_raw_json": "string",
    "profile_json": "string",
}
CENTROID_COLUMNS = list(CENTROID_SCHEMA)
MAP_SCHEMA: dict[str, str] = {
    "as_of_date": "object",
    "point_kind": "string",
    "account_id": "string",
    "segment_id": "Int64",
    "segment_name": "string",
    "x": "Float64",
    "y": "Float64",
}
ASSIGNMENT_SCHEMA: dict[str, str] = {
    "account_id": "string",
    "as_of_date": "object",
    "segment_id": "Int64",
    "segment_name": "string",
    "distance_to_centroid": "Float64",
}


def typed(frame: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    """The frame with exactly the schema's columns, in order, with its dtypes."""
    return pd.DataFrame({name: frame[name].astype(dtype) for name, dtype in schema.items()})


def _dumps(value: Any) -> str:
    """Deterministic JSON: sorted keys, floats rounded to 10 significant digits."""

    def clean(v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): clean(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [clean(x) for x in v]
        if isinstance(v, float | np.floating):
            return None if not np.isfinite(v) else float(f"{float(v):.10g}")
        if isinstance(v, np.integer):
            return int(v)
        return v

    return json.dumps(clean(value), sort_keys=True)


def _population(features: pd.DataFrame) -> pd.DataFrame:
    """Accounts that are clustered: every account not churned as of the date."""
    return features[features["lifecycle_stage"].fillna("") != "churned"]


def _as_of(features: pd.DataFrame) -> Any:
    dates = features["as_of_date"].dropna().unique()
    if len(dates) > 1:
        raise ValueError(f"features hold {len(dates)} as-of dates; a run clusters exactly one")
    return dates[0] if len(dates) else None


def previous_run(history: pd.DataFrame | None, as_of_date: Any) -> pd.DataFrame | None:
    """The centroid rows of the latest successful run before ``as_of_date``."""
    if history is None or history.empty:
        return None
    ok = history[
        (history["clustering_status"] == "ok") & (pd.to_datetime(history["as_of_date"]) < pd.Timestamp(as_of_date))
    ]
    if ok.empty:
        return None
    latest = pd.to_datetime(ok["as_of_date"]).max()
    return ok[pd.to_datetime(ok["as_of_date"]) == latest]


def carry_segments(history: pd.DataFrame | None, as_of_date: Any) -> pd.DataFrame | None:
    """The centroid rows of a run between trainings (var retrain_every_days): the segments keep their
    last fit, as the scores keep their champions. They are the rows of the latest run before
    ``as_of_date``, dated ``as_of_date``, not new, at distance 0 from the run they repeat, and with
    ``status_reason`` 'carried from the fit of <date>' (a carried run keeps the date of the fit). None
    when there is no such run or it could not cluster: then this run fits."""
    if history is None or history.empty:
        return None
    dates = pd.to_datetime(history["as_of_date"])
    before = history[dates < pd.Timestamp(as_of_date)]
    if before.empty:
        return None
    latest = before[pd.to_datetime(before["as_of_date"]) == pd.to_datetime(before["as_of_date"]).max()]
    if not (latest["clustering_status"] == "ok").all():
        return None
    out = latest.sort_values("segment_id", kind="stable").copy()
    fitted = pd.to_datetime(out["as_of_date"]).dt.strftime("%Y-%m-%d")
    reason = out["status_reason"].astype("string").fillna("")
    out["status_reason"] = reason.where(reason.str.startswith("carried from "), "carried from the fit of " + fitted)
    out["as_of_date"] = pd.Timestamp(as_of_date).date()
    out["is_new_segment"] = False
    out["previous_match_distance"] = 0.0
    return typed(out.reset_index(drop=True), CENTROID_SCHEMA)


def retired_segments(history: pd.DataFrame | None, as_of_date: Any, previous: pd.DataFrame | None) -> pd.DataFrame:
    """The last centroid of every segment seen in a successful run before ``as_of_date`` but absent
    from the previous run: a segment that disappears for a run and comes back keeps its id."""
    if history is None or history.empty:
        return pd.DataFrame()
    earlier = history[
        (history["clustering_status"] == "ok") & (pd.to_datetime(history["as_of_date"]) < pd.Timestamp(as_of_date))
    ]
    if previous is not None:
        earlier = earlier[~earlier["segment_id"].isin(previous["segment_id"])]
    if earlier.empty:
        return pd.DataFrame()
    earlier = earlier.assign(_date=pd.to_datetime(earlier["as_of_date"])).sort_values(["segment_id", "_date"])
    return earlier.groupby("segment_id", sort=True).tail(1).drop(columns="_date")


def fit_segments(
    features: pd.DataFrame,
    rules: pd.DataFrame,
    history: pd.DataFrame | None = None,
    *,
    min_clusters: int = 4,
    max_clusters: int = 7,
    sample_size: int = 50_000,
    match_threshold: float = 1.0,
    k_change_margin: float = 0.02,
    random_state: int = 42,
    as_of_date: Any = None,
) -> pd.DataFrame:
    """Cluster one as-of date's accounts and return its centroid rows (``CENTROID_COLUMNS``).

    ``as_of_date`` names the run's date when there are no accounts to take it from.

    When clustering is impossible (too few accounts, nothing varies) the result is one row with
    ``clustering_status = 'insufficient_data'`` and the reason, and no segment is invented.
    """
    as_of = _as_of(features)
    if as_of is None:
        as_of = as_of_date
    # Warehouses return rows in no guaranteed order; sampling and k-means must not depend on it.
    features = features.sort_values("account_id", kind="stable").reset_index(drop=True)
    rules = rules.sort_values(["segment_name", "feature"], kind="stable").reset_index(drop=True)
    population = _population(features)
    segmenter = BehavioralSegmenter(
        min_clusters=min_clusters,
        max_clusters=max_clusters,
        sample_size=sample_size,
        random_state=random_state,
        k_change_margin=k_change_margin,
    )
    previous = previous_run(history, as_of)
    prev_raw = None
    if previous is not None:
        prev_raw = pd.DataFrame(
            [json.loads(s) for s in previous["centroid_raw_json"]], index=previous["segment_id"].astype(int)
        )
    try:
        if population.empty:
            raise InsufficientDataError("no accounts")
        segmenter.fit(population, previous_centers=prev_raw)
    except InsufficientDataError as err:
        row = dict.fromkeys(CENTROID_COLUMNS)
        row.update(
            as_of_date=as_of,
            segment_id=UNSEGMENTED_SEGMENT_ID,
            segment_name=UNSEGMENTED_SEGMENT_NAME,
            is_new_segment=False,
            fit_account_count=len(population),
            clustering_status="insufficient_data",
            status_reason=f"insufficient data: {err}",
        )
        return typed(pd.DataFrame([row], columns=CENTROID_COLUMNS), CENTROID_SCHEMA)

    labels = segmenter.predict(population)
    profiles = segmenter.profiles(population, labels)
    raw = segmenter.centroids_raw(population, labels)
    counts = pd.Series(labels).value_counts()

    if prev_raw is not None:
        prev_raw = prev_raw.assign(segment_name=previous["segment_name"].to_numpy())
    matches = match_previous(raw, prev_raw, segmenter.center_, segmenter.scale_, match_threshold)
    # clusters the previous run does not explain may be segments that skipped a run: match them to the
    # last centroid of each retired segment before giving them new ids
    unmatched = [m.cluster for m in matches if m.segment_id is None]
    retired = retired_segments(history, as_of, previous)
    if unmatched and not retired.empty:
        retired_raw = pd.DataFrame(
            [json.loads(s) for s in retired["centroid_raw_json"]], index=retired["segment_id"].astype(int)
        ).assign(segment_name=retired["segment_name"].to_numpy())
        revived = {
            m.cluster: m
            for m in match_previous(
                raw.loc[unmatched], retired_raw, segmenter.center_, segmenter.scale_, match_threshold
            )
            if m.segment_id is not None
        }
        taken = {m.segment_name for m in matches if m.segment_id is not None}
        matches = [
            revived[m.cluster] if m.cluster in revived and revived[m.cluster].segment_name not in taken else m
            for m in matches
        ]

    used_names = {m.segment_name for m in matches if m.segment_id is not None}
    new_clusters = [m.cluster for m in matches if m.segment_id is None]
    new_names = name_clusters(profiles.loc[new_clusters], rules[~rules["segment_name"].isin(used_names)])
    # New ids continue after every id ever used by other runs (a re-run of this date ignores its own
    # earlier rows, so it gives the same ids again).
    next_id = 1
    if history is not None and not history.empty:
        others = history[pd.to_datetime(history["as_of_date"]) != pd.Timestamp(as_of)]
        if not others.empty:
            next_id = max(next_id, int(pd.to_numeric(others["segment_id"]).max()) + 1)

    rows = []
    for m in sorted(matches, key=lambda m: (m.segment_id is None, m.segment_id or 0, m.cluster)):
        if m.segment_id is None:
            segment_id, segment_name, is_new = next_id, new_names[m.cluster], True
            next_id += 1
        else:
            segment_id, segment_name, is_new = m.segment_id, m.segment_name, False
        rows.append(
            {
                "as_of_date": as_of,
                "segment_id": segment_id,
                "segment_name": segment_name,
                "dominant_behaviors": dominant_behaviors(profiles.loc[m.cluster]),
                "is_new_segment": is_new,
                "previous_match_distance": m.distance,
                "fit_account_count": int(counts.get(m.cluster, 0)),
                "n_clusters": segmenter.n_clusters_,
                "silhouette_score": segmenter.silhouette_scores_[segmenter.n_clusters_],
                "silhouette_by_k": _dumps(segmenter.silhouette_scores_),
                "clustering_status": "ok",
                "status_reason": None,
                "features_json": _dumps(segmenter.features_),
                "center_json": _dumps(segmenter.center_.to_dict()),
                "scale_json": _dumps(segmenter.scale_.to_dict()),
                "centroid_scaled_json": _dumps(
                    dict(zip(segmenter.features_, segmenter.cluster_centers_[m.cluster], strict=True))
                ),
                "centroid_raw_json": _dumps(raw.loc[m.cluster].to_dict()),
                "profile_json": _dumps(profiles.loc[m.cluster].to_dict()),
            }
        )
    out = pd.DataFrame(rows, columns=CENTROID_COLUMNS)
    # Stored names must be unique within a run, whatever a previous run held.
    if out["segment_name"].duplicated().any():
        dup = out["segment_name"].duplicated(keep="first")
        out.loc[dup, "segment_name"] = (
            out.loc[dup, "segment_name"] + " (" + out.loc[dup, "segment_id"].astype(str) + ")"
        )
    return typed(out, CENTROID_SCHEMA)


def scaled_space(features: pd.DataFrame, run: pd.DataFrame, clip: float = 5.0) -> tuple[np.ndarray, np.ndarray]:
    """Accounts and a run's centroids in the run's scaled clustering space (transform, centre, scale,
    clip; a missing value sits at the centre)."""
    names = json.loads(run["features_json"].iloc[0])
    center = pd.Series(json.loads(run["center_json"].iloc[0]))
    scale = pd.Series(json.loads(run["scale_json"].iloc[0]))
    values = transform_features(features, names)
    Z = np.clip(((values - center[names]) / scale[names]).fillna(0.0).to_numpy(dtype=float), -clip, clip)
    centers = np.array([[json.loads(s)[f] for f in names] for s in run["centroid_scaled_json"]])
    return Z, centers


def assign_segments(features: pd.DataFrame, centroids: pd.DataFrame, clip: float = 5.0) -> pd.DataFrame:
    """Assign every account of one as-of date to the nearest centroid of that date's run.

    Churned accounts get the fixed segment 0 ("Churned"); when the run had insufficient data, every
    account gets segment -1 ("Unsegmented"). Returns account_id, as_of_date, segment_id,
    segment_name, distance_to_centroid.
    """
    as_of = _as_of(features)
    features = features.sort_values("account_id", kind="stable").reset_index(drop=True)
    centroids = centroids.sort_values(["as_of_date", "segment_id"], kind="stable").reset_index(drop=True)
    out = pd.DataFrame(
        {
            "account_id": features["account_id"].to_numpy(),
            "as_of_date": features["as_of_date"].to_numpy(),
            "segment_id": np.full(len(features), UNSEGMENTED_SEGMENT_ID, dtype=np.int64),
            "segment_name": np.full(len(features), UNSEGMENTED_SEGMENT_NAME, dtype=object),
            "distance_to_centroid": np.full(len(features), np.nan),
        }
    )
    run = (
        centroids[pd.to_datetime(centroids["as_of_date"]) == pd.Timestamp(as_of)]
        if as_of is not None
        else centroids.iloc[:0]
    )
    ok = run[run["clustering_status"] == "ok"]
    churned = (features["lifecycle_stage"].fillna("") == "churned").to_numpy()
    if not ok.empty:
        Z, centers = scaled_space(features, ok, clip)
        nearest = nearest_center(Z, centers)
        dist = np.sqrt(((Z - centers[nearest]) ** 2).sum(axis=1))
        out["segment_id"] = ok["segment_id"].astype(np.int64).to_numpy()[nearest]
        out["segment_name"] = ok["segment_name"].to_numpy()[nearest]
        out["distance_to_centroid"] = np.round(dist, 8)
    out.loc[churned, "segment_id"] = CHURNED_SEGMENT_ID
    out.loc[churned, "segment_name"] = CHURNED_SEGMENT_NAME
    out.loc[churned, "distance_to_centroid"] = np.nan
    return typed(out, ASSIGNMENT_SCHEMA)


def backtest_frame(
    features: pd.DataFrame, outcomes: pd.DataFrame, centroids: pd.DataFrame, current: Any = None
) -> pd.DataFrame:
    """Accounts as of T - H with their outcomes in (T - H, T], each given the segment today's
    clustering assigns to its T - H behavior; accounts already churned at T - H are left out.

    Only the 'train' rows of ``features`` and ``outcomes`` are read; ``current`` is T (by default the
    date of the 'current' rows of ``features``)."""
    if current is None:
        current = features.loc[features["as_of_role"] == "current", "as_of_date"].max()
    past = features[(features["as_of_role"] == "train") & (features["lifecycle_stage"].fillna("") != "churned")]
    labels = outcomes[(outcomes["as_of_role"] == "train") & outcomes["is_label_complete"].astype(bool)]
    past = past.merge(labels, on=["account_id", "as_of_date"], how="inner", suffixes=("", "_outcome"))
    if past.empty:
        return past.assign(behavioral_segment=pd.Series(dtype="string"))
    assigned = assign_segments(past.assign(as_of_date=current), centroids)
    return past.merge(
        assigned[["account_id", "segment_name"]].rename(columns={"segment_name": "behavioral_segment"}),
        on="account_id",
    )


def segment_map(
    features: pd.DataFrame,
    centroids: pd.DataFrame,
    assignments: pd.DataFrame,
    sample_size: int = 2000,
    random_state: int = 42,
) -> pd.DataFrame:
    """A 2-D picture of the current clustering: a seeded sample of the clustered accounts and every
    segment's centroid, projected on the first two principal components of the run's scaled space.

    Rows have ``point_kind`` 'account' or 'centroid'. Churned and unsegmented accounts are not drawn
    (the clustering did not place them); a run with insufficient data gives no rows.
    """
    from sklearn.decomposition import PCA

    as_of = _as_of(features)
    empty = typed(pd.DataFrame({name: [] for name in MAP_SCHEMA}), MAP_SCHEMA)
    if as_of is None:
        return empty
    run = centroids[
        (pd.to_datetime(centroids["as_of_date"]) == pd.Timestamp(as_of)) & (centroids["clustering_status"] == "ok")
    ].sort_values("segment_id", kind="stable")
    if run.empty:
        return empty
    current = assignments[pd.to_datetime(assignments["as_of_date"]) == pd.Timestamp(as_of)]
    placed = current.loc[current["segment_id"] > 0, ["account_id", "segment_id", "segment_name"]]
    members = features.merge(placed, on="account_id").sort_values("account_id", kind="stable")
    if len(members) > sample_size:
        rng = np.random.default_rng(random_state)
        members = members.iloc[np.sort(rng.choice(len(members), size=sample_size, replace=False))]
    members = members.reset_index(drop=True)
    Z, centers = scaled_space(members, run)
    if len(members) < 3 or Z.shape[1] < 2:
        return empty
    pca = PCA(n_components=2, svd_solver="full").fit(Z)
    points, middle = pca.transform(Z), pca.transform(centers)
    out = pd.concat(
        [
            pd.DataFrame(
                {
                    "point_kind": "account",
                    "account_id": members["account_id"].to_numpy(),
                    "segment_id": members["segment_id"].to_numpy(),
                    "segment_name": members["segment_name"].to_numpy(),
                    "x": points[:, 0],
                    "y": points[:, 1],
                }
            ),
            pd.DataFrame(
                {
                    "point_kind": "centroid",
                    "account_id": None,
                    "segment_id": run["segment_id"].to_numpy(),
                    "segment_name": run["segment_name"].to_numpy(),
                    "x": middle[:, 0],
                    "y": middle[:, 1],
                }
            ),
        ],
        ignore_index=True,
    )
    out["x"], out["y"] = np.round(out["x"], 6), np.round(out["y"], 6)
    out.insert(0, "as_of_date", as_of)
    return typed(out, MAP_SCHEMA)
