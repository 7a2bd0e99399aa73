"""Behavioral clustering: preprocessing, choice of k, naming, and stable ids across runs.

The estimator follows scikit-learn conventions (hyperparameters in ``__init__``, ``fit`` returns
``self``, fitted state in trailing-underscore attributes). Naming and id matching are plain functions
on small frames so they can be tested on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.base import BaseEstimator
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score

# Behavioral inputs and their transform. Firmographic columns (segment, industry, employee count,
# country) and size (MRR, revenue) are never clustering inputs: segments should say what accounts do.
CLUSTERING_FEATURES: dict[str, str] = {
    "active_days_30d": "log1p",
    "events_per_active_day_90d": "log1p",
    "feature_breadth_90d": "identity",
    "seat_utilization_30d": "identity",
    "core_workflows_30d": "log1p",
    "usage_trend": "identity",
    "days_since_last_activity": "log1p",
    "tenure_days": "log1p",
    "discount_share_12m": "identity",
    "refund_share_12m": "identity",
    "expansion_count_12m": "log1p",
    "tickets_per_month_90d": "log1p",
    "high_severity_share_90d": "identity",
    "csat_mean_90d": "identity",
    "sentiment_mean_90d": "identity",
}

FIRMOGRAPHIC_COLUMNS = ("firmographic_segment", "industry", "employee_count", "country")


class InsufficientDataError(ValueError):
    """Raised when there are too few accounts (or no varying feature) to cluster."""


def transform_features(frame: pd.DataFrame, features: list[str]) -> pd.DataFrame:
    """Apply each feature's transform (log1p for heavy-tailed counts); NULL stays NaN."""
    out = pd.DataFrame(index=frame.index)
    for name in features:
        values = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        if CLUSTERING_FEATURES.get(name) == "log1p":
            values = np.log1p(values.clip(lower=0))
        out[name] = values
    return out


class BehavioralSegmenter(BaseEstimator):
    """K-means on robust-scaled behavioral features, with k chosen by silhouette.

    Parameters
    ----------
    min_clusters, max_clusters : int
        The range k is chosen from (inclusive).
    sample_size : int
        At most this many accounts are used to fit and choose k (a seeded sample). Every account is
        assigned afterwards with ``predict``. Above 200,000 fit rows, mini-batch k-means is used.
    silhouette_sample_size : int
        Accounts used to compute each candidate k's silhouette.
    n_init : int
        K-means restarts per k.
    clip : float
        Scaled values are clipped to [-clip, clip] so a handful of extreme accounts cannot own a cluster.
    random_state : int
        Seed for sampling and k-means.
    k_change_margin : float
        When ``fit`` is given the previous run's k, that k is kept unless another k's silhouette is
        higher by more than this margin: near-ties between k do not flip the segmentation run to run.
    features : list of str or None
        Inputs; defaults to ``CLUSTERING_FEATURES``. Columns absent from the frame, entirely NULL,
        or constant are dropped and recorded in ``dropped_features_``.

    Notes
    -----
    Preprocessing is fit on the data: log1p for heavy-tailed counts, then robust scaling (median and
    inter-quartile range). A NULL value (for example a satisfaction score for an account without
    tickets, or a whole feature group whose source table is absent) is set to the median after scaling,
    so it contributes nothing to distances instead of adding imputed noise.
    """

    def __init__(
        self,
        min_clusters: int = 4,
        max_clusters: int = 7,
        sample_size: int = 50_000,
        silhouette_sample_size: int = 5_000,
        n_init: int = 10,
        clip: float = 5.0,
        random_state: int = 42,
        k_change_margin: float = 0.02,
        features: list[str] | None = None,
    ) -> None:
        self.min_clusters = min_clusters
        self.max_clusters = max_clusters
        self.sample_size = sample_size
        self.silhouette_sample_size = silhouette_sample_size
        self.n_init = n_init
        self.clip = clip
        self.random_state = random_state
        self.k_change_margin = k_change_margin
        self.features = features

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        X: pd.DataFrame,
        y: object = None,
        *,
        previous_centers: pd.DataFrame | None = None,
    ) -> BehavioralSegmenter:
        """Fit on accounts ``X``.

        ``previous_centers`` (one row per previous segment, columns in transformed units) makes the
        run sticky: their count is the previous k, kept unless another k is clearly better, and
        k-means for that k starts from them, so a stable population keeps its segments.
        """
        candidates = list(self.features or CLUSTERING_FEATURES)
        forbidden = [c for c in candidates if c in FIRMOGRAPHIC_COLUMNS]
        if forbidden:
            raise ValueError(f"firmographic columns cannot be clustering inputs: {forbidden}")
        present = [c for c in candidates if c in X.columns]
        raw = transform_features(X, present)
        rng = np.random.default_rng(self.random_state)
        if len(raw) > self.sample_size:
            rows = np.sort(rng.choice(len(raw), size=self.sample_size, replace=False))
            raw = raw.iloc[rows]
        usable, dropped = [], {}
        for name in present:
            col = raw[name]
            if col.notna().sum() == 0:
                dropped[name] = "all values NULL"
            elif col.nunique(dropna=True) < 2:
                dropped[name] = "constant"
            else:
                usable.append(name)
        for name in candidates:
            if name not in present:
                dropped[name] = "column absent"
        self.dropped_features_ = dropped
        if not usable:
            raise InsufficientDataError("no behavioral feature varies across accounts")
        self.features_ = usable
        values = raw[usable]
        self.center_ = values.median().fillna(0.0)
        q75, q25 = values.quantile(0.75), values.quantile(0.25)
        scale = q75 - q25
        std = values.std(ddof=0)
        scale = scale.where(scale > 1e-9, std).where(lambda s: s > 1e-9, 1.0).fillna(1.0)
        self.scale_ = scale
        self.profile_mean_ = values.mean()
        self.profile_std_ = std.where(std > 1e-9, 1.0).fillna(1.0)

        Z = self._scale(values)
        n_distinct = len(np.unique(np.round(Z, 9), axis=0))
        k_max = min(self.max_clusters, n_distinct - 1, len(Z) - 1)
        if k_max < self.min_clusters:
            raise InsufficientDataError(
                f"{len(Z)} accounts with {n_distinct} distinct behavior profiles cannot form "
                f"{self.min_clusters} clusters (min_clusters)"
            )
        sil_rows = None
        if len(Z) > self.silhouette_sample_size:
            sil_rows = np.sort(rng.choice(len(Z), size=self.silhouette_sample_size, replace=False))
        scores: dict[int, float] = {}
        models: dict[int, KMeans | MiniBatchKMeans] = {}
        warm_k, warm_init = None, None
        if previous_centers is not None and len(previous_centers) >= 2:
            shared = [c for c in usable if c in previous_centers.columns]
            if shared:
                prev = previous_centers.reindex(columns=usable).astype(float)
                prev = prev.fillna(self.center_[usable])  # a feature new this run starts at the median
                warm_init = np.clip(
                    ((prev - self.center_[usable]) / self.scale_[usable]).to_numpy(), -self.clip, self.clip
                )
                warm_k = len(previous_centers)
        for k in range(self.min_clusters, k_max + 1):
            if k == warm_k:
                model = KMeans(n_clusters=k, init=warm_init, n_init=1, random_state=self.random_state).fit(Z)
            else:
                model = self._kmeans(k, len(Z)).fit(Z)
            labels = model.labels_
            if len(np.unique(labels)) < 2:
                continue
            if sil_rows is None:
                scores[k] = float(silhouette_score(Z, labels))
            else:
                scores[k] = float(silhouette_score(Z[sil_rows], labels[sil_rows]))
            models[k] = model
        if not scores:
            raise InsufficientDataError("k-means found no two distinct groups")
        best = max(scores, key=lambda k: (round(scores[k], 6), -k))
        if warm_k in scores and scores[best] - scores[warm_k] <= self.k_change_margin:
            best = warm_k
        self.silhouette_scores_ = scores
        self.n_clusters_ = best
        self.kmeans_ = models[best]
        self.cluster_centers_ = self.kmeans_.cluster_centers_
        self.n_features_in_ = len(usable)
        return self

    def _kmeans(self, k: int, n_rows: int) -> KMeans | MiniBatchKMeans:
        if n_rows > 200_000:
            return MiniBatchKMeans(n_clusters=k, n_init=self.n_init, random_state=self.random_state, batch_size=4096)
        return KMeans(n_clusters=k, n_init=self.n_init, random_state=self.random_state)

    def _scale(self, values: pd.DataFrame) -> np.ndarray:
        Z = (values[self.features_] - self.center_[self.features_]) / self.scale_[self.features_]
        return np.clip(Z.fillna(0.0).to_numpy(dtype=float), -self.clip, self.clip)

    # ------------------------------------------------------------------ using the fit
    def transform(self, X: pd.DataFrame) -> np.ndarray:
        """Scaled feature matrix (rows of X, columns ``features_``)."""
        return self._scale(transform_features(X, self.features_))

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return nearest_center(self.transform(X), self.cluster_centers_)

    def profiles(self, X: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
        """Per cluster, each feature's mean as a z-score against the population (cluster x feature)."""
        values = transform_features(X, self.features_)
        z = (values - self.profile_mean_[self.features_]) / self.profile_std_[self.features_]
        return z.groupby(np.asarray(labels)).mean().fillna(0.0)

    def centroids_raw(self, X: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
        """Per cluster, each feature's mean in transformed (log1p) units: comparable across runs."""
        values = transform_features(X, self.features_)
        return values.groupby(np.asarray(labels)).mean()


def nearest_center(Z: np.ndarray, centers: np.ndarray, chunk: int = 200_000) -> np.ndarray:
    """Index of the nearest center for each row, computed in chunks to bound memory."""
    out = np.empty(len(Z), dtype=np.int64)
    for start in range(0, len(Z), chunk):
        block = Z[start : start + chunk]
        d = ((block[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
        out[start : start + chunk] = d.argmin(axis=1)
    return out


# ---------------------------------------------------------------------- naming


def _label(feature: str) -> str:
    return feature.replace("_", " ")


def dominant_behaviors(profile: pd.Series, top: int = 3) -> str:
    """The cluster's strongest signals, e.g. "events per active day 90d +2.1 sd; feature breadth 90d +1.8 sd"."""
    strongest = profile.reindex(profile.abs().sort_values(ascending=False).index).head(top)
    return "; ".join(f"{_label(name)} {value:+.1f} sd" for name, value in strongest.items())


def name_clusters(profiles: pd.DataFrame, rules: pd.DataFrame, min_score: float = 0.25) -> dict[int, str]:
    """Give each cluster a unique name from the naming rules.

    Each rule set (one ``segment_name``, several ``feature`` rows with ``direction`` and ``weight``)
    scores a cluster as the weighted sum of its signed z-scores. Names are assigned to clusters by a
    maximum-score matching, so no two clusters share a name. A cluster whose best available score is
    below ``min_score`` is named after its strongest signal instead.
    """
    clusters = list(profiles.index)
    names = list(dict.fromkeys(rules["segment_name"]))
    score = np.zeros((len(clusters), len(names)))
    for j, name in enumerate(names):
        for _, rule in rules[rules["segment_name"] == name].iterrows():
            if rule["feature"] in profiles.columns:
                score[:, j] += float(rule["weight"]) * float(rule["direction"]) * profiles[rule["feature"]].to_numpy()
    result: dict[int, str] = {}
    if names:
        rows, cols = linear_sum_assignment(-score)
        for r, c in zip(rows, cols, strict=True):
            if score[r, c] >= min_score:
                result[clusters[r]] = names[c]
    used = set(result.values())
    for cluster in clusters:
        if cluster not in result:
            top = profiles.loc[cluster].abs().idxmax()
            sign = "high" if profiles.loc[cluster, top] >= 0 else "low"
            base = f"Mixed: {sign} {_label(top)}"
            name, n = base, 2
            while name in used:
                name, n = f"{base} ({n})", n + 1
            result[cluster] = name
            used.add(name)
    return result


# ---------------------------------------------------------------------- stable ids


@dataclass(frozen=True)
class Match:
    cluster: int
    segment_id: int | None  # None: a new segment
    segment_name: str | None
    distance: float | None


def match_previous(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    center: pd.Series,
    scale: pd.Series,
    threshold: float,
) -> list[Match]:
    """Match this run's clusters to the previous run's segments.

    ``current`` and ``previous`` hold centroids in transformed units (rows: cluster / segment_id,
    columns: features). Both are standardized with this run's ``center`` and ``scale``, and paired by
    a minimum-distance (Hungarian) assignment on the root-mean-square distance over shared features.
    A pair farther apart than ``threshold`` is not a match: that cluster becomes a new segment.
    ``previous`` may carry a ``segment_name`` column.
    """
    if previous is None or previous.empty:
        return [Match(int(c), None, None, None) for c in current.index]
    shared = [c for c in current.columns if c in previous.columns]
    if not shared:
        return [Match(int(c), None, None, None) for c in current.index]
    cur = ((current[shared] - center[shared]) / scale[shared]).fillna(0.0).to_numpy()
    prev = ((previous[shared].astype(float) - center[shared]) / scale[shared]).fillna(0.0).to_numpy()
    dist = np.sqrt(((cur[:, None, :] - prev[None, :, :]) ** 2).mean(axis=2))
    rows, cols = linear_sum_assignment(dist)
    matched = {r: c for r, c in zip(rows, cols, strict=True) if dist[r, c] <= threshold}
    out = []
    for i, cluster in enumerate(current.index):
        if i in matched:
            j = matched[i]
            name = previous["segment_name"].iloc[j] if "segment_name" in previous.columns else None
            out.append(Match(int(cluster), int(previous.index[j]), name, float(dist[i, j])))
        else:
            out.append(Match(int(cluster), None, None, None))
    return out
