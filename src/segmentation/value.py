"""Per-account scores for one as-of date: propensity, churn risk, reasons and 12-month value.

12-month value:
- accounts with an active subscription: MRR x expected retained months over the next 12, where the
  monthly retention s comes from the churn model's probability p over the horizon H (days):
  s = (1 - p) ** (30.4 / H), expected months = s + s^2 + ... + s^12;
- accounts whose subscriptions all ended: 0 (a churned subscriber is not a repeat buyer);
- other accounts with purchases (non-contractual): BG/NBD expected purchases in the next 365 days
  x Gamma-Gamma expected spend per purchase, both fitted on those accounts' histories;
- accounts with neither: 0.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from segmentation.btyd import BetaGeoModel, GammaGammaModel
from segmentation.scoring import (
    TARGETS,
    band,
    decode_model,
    feature_matrix,
    fit_explainer,
    percentile,
    score_and_explain,
)

SCORE_SCHEMA: dict[str, str] = {
    "account_id": "string",
    "as_of_date": "object",
    "propensity_score": "Float64",
    "propensity_percentile": "Float64",
    "propensity_band": "string",
    "propensity_reasons": "string",
    "propensity_model_version": "string",
    "churn_risk_score": "Float64",
    "churn_risk_percentile": "Float64",
    "churn_risk_band": "string",
    "churn_risk_reasons": "string",
    "churn_model_version": "string",
    "predicted_value_12m": "Float64",
    "value_method": "string",
    "probability_alive": "Float64",
    "expected_purchases_12m": "Float64",
}
PREFIX = {"propensity": "propensity", "churn": "churn_risk"}


BTYD_COLUMNS = ("btyd_frequency", "btyd_recency_days", "btyd_t_days", "btyd_monetary_value")


def _numeric(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()


@dataclass
class ScoringContext:
    """Everything scoring needs of the population, fitted once; then any batch of rows scores alone.

    - per target, the champion model of the as-of date, its feature list and version, and the explainer
      (feature medians and candidate features, from the context sample);
    - the 12-month value models: BG/NBD and Gamma-Gamma fitted on every non-contractual account's BTYD
      summary (``value_status`` 'btyd'), or 'insufficient_data' below 30 such accounts or when the fit fails.
    """

    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    value_status: str = "none"
    value_models: tuple[Any, Any] | None = None
    horizon_days: int = 90
    band_medium: float = 0.2
    band_high: float = 0.5


def _flags(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(contractual, lapsed) per row: an active subscription; subscriptions that all ended."""
    if len(frame) == 0:
        return np.array([], dtype=bool), np.array([], dtype=bool)
    contractual = frame["has_active_subscription"].fillna(False).astype(bool).to_numpy()
    lapsed = frame["has_subscription_history"].fillna(False).astype(bool).to_numpy() & ~contractual
    return contractual, lapsed


def context_sample(features: pd.DataFrame, size: int) -> pd.DataFrame:
    """The accounts the explainer is fitted on: all of them up to ``size``, else the ``size`` accounts
    first by MD5 of account_id (a sample any engine draws identically: Spark's md5 gives the same order)."""
    if len(features) > size:
        ids = features["account_id"].astype(str).to_numpy()
        # the digest's two halves as big-endian integers sort as its hex text does; equal digests mean a
        # repeated account_id (short of an MD5 collision), so the stable sort's tie order (the frame's)
        # is the order by account_id
        digests = np.frombuffer(b"".join(hashlib.md5(a.encode()).digest() for a in ids), dtype=">u8").reshape(-1, 2)
        features = features.iloc[np.lexsort((digests[:, 1], digests[:, 0]))[:size]]
    return features.sort_values("account_id", kind="stable").reset_index(drop=True)


def fit_scoring_context(
    sample: pd.DataFrame,
    runs: pd.DataFrame,
    non_contract_btyd: pd.DataFrame,
    *,
    as_of_date: Any,
    horizon_days: int = 90,
    band_medium: float = 0.2,
    band_high: float = 0.5,
    random_state: int = 42,
) -> ScoringContext:
    """The context from the explainer sample (``context_sample``), the model runs, and the BTYD summary
    rows of the non-contractual accounts (sorted by account_id)."""
    ctx = ScoringContext(horizon_days=horizon_days, band_medium=band_medium, band_high=band_high)
    current = runs[(pd.to_datetime(runs["as_of_date"]) == pd.Timestamp(as_of_date))] if as_of_date is not None else runs
    for target in TARGETS:
        champion = current[(current["model_name"] == target) & current["is_champion"].fillna(False).astype(bool)]
        if champion.empty or len(sample) == 0:
            continue
        row = champion.iloc[0]
        model = decode_model(row["model_blob"])
        feats = json.loads(row["feature_list"])
        X = _matrix(sample, feats)
        ctx.models[target] = {
            "model": model,
            "features": feats,
            "version": row["model_version"],
            "explainer": fit_explainer(model, X, random_state=random_state),
        }
    if len(non_contract_btyd) >= 30:
        x, t_x, big_t, m = (_numeric(non_contract_btyd[c]) for c in BTYD_COLUMNS)
        try:
            bg = BetaGeoModel(penalizer=0.001).fit(x, t_x, big_t)
            gg = GammaGammaModel(penalizer=0.001).fit(x, m)
            ctx.value_status, ctx.value_models = "btyd", (bg, gg)
        except ValueError:
            ctx.value_status = "insufficient_data"
    elif len(non_contract_btyd):
        ctx.value_status = "insufficient_data"
    return ctx


def _matrix(frame: pd.DataFrame, feats: list[str]) -> np.ndarray:
    return feature_matrix(frame.reindex(columns=feats), feats)


def score_rows(rows: pd.DataFrame, ctx: ScoringContext) -> pd.DataFrame:
    """Scores of a batch of accounts: feature columns plus the BTYD summary columns (NULL where the
    account has no summary) and ``has_btyd_summary``. Percentiles are left NULL: they rank the whole
    population (``add_percentiles``)."""
    out = pd.DataFrame({"account_id": rows["account_id"].to_numpy(), "as_of_date": rows["as_of_date"].to_numpy()})
    for target in TARGETS:
        prefix = PREFIX[target]
        version_column = f"{'propensity' if target == 'propensity' else 'churn'}_model_version"
        out[f"{prefix}_percentile"] = np.nan
        fitted = ctx.models.get(target)
        if fitted is None or len(rows) == 0:
            out[f"{prefix}_score"] = np.nan
            out[f"{prefix}_band"] = None
            out[f"{prefix}_reasons"] = "not scored: no trained model (insufficient labelled history)"
            out[version_column] = None
            continue
        X = _matrix(rows, fitted["features"])
        score, reasons = score_and_explain(fitted["model"], X, fitted["features"], fitted["explainer"])
        out[f"{prefix}_score"] = np.round(score, 6)
        out[f"{prefix}_band"] = band(score, ctx.band_medium, ctx.band_high)
        out[f"{prefix}_reasons"] = reasons
        out[version_column] = fitted["version"]

    # ---- 12-month value
    n = len(rows)
    value = np.zeros(n)
    method = np.full(n, "no_purchases", dtype=object)
    p_alive = np.full(n, np.nan)
    expected = np.full(n, np.nan)
    contractual, lapsed = _flags(rows)
    mrr = np.nan_to_num(_numeric(rows["current_mrr"])) if n else np.array([])
    churn = out["churn_risk_score"].astype("float64").to_numpy()
    monthly = np.power(np.clip(1 - np.nan_to_num(churn, nan=0.0), 0, 1), 30.4 / ctx.horizon_days)
    months = sum(monthly**m for m in range(1, 13))
    value = np.where(contractual, mrr * months, value)
    method = np.where(contractual, "subscription", method)
    method = np.where(lapsed, "churned_subscription", method)
    has_summary = rows["has_btyd_summary"].fillna(False).astype(bool).to_numpy() if n else np.array([], dtype=bool)
    non_contract = ~contractual & ~lapsed & has_summary
    if non_contract.any() and ctx.value_status == "btyd":
        bg, gg = ctx.value_models
        x, t_x, big_t, m = (_numeric(rows.loc[non_contract, c]) for c in BTYD_COLUMNS)
        purchases = bg.expected_purchases(365.0, x, t_x, big_t)
        spend = gg.expected_average_spend(x, m)
        value[non_contract] = purchases * spend
        expected[non_contract] = purchases
        p_alive[non_contract] = bg.probability_alive(x, t_x, big_t)
        method[non_contract] = "btyd"
    elif non_contract.any():
        method[non_contract] = "insufficient_data"
        value[non_contract] = np.nan
    out["predicted_value_12m"] = np.round(value, 2)
    out["value_method"] = method
    out["probability_alive"] = np.round(p_alive, 6)
    out["expected_purchases_12m"] = np.round(expected, 6)
    return pd.DataFrame({name: out[name].astype(dtype) for name, dtype in SCORE_SCHEMA.items()})


def with_btyd(features: pd.DataFrame, btyd: pd.DataFrame, as_of: Any) -> pd.DataFrame:
    """Features with the as-of date's BTYD summary columns and ``has_btyd_summary`` (a left join)."""
    summary = btyd[pd.to_datetime(btyd["as_of_date"]) == pd.Timestamp(as_of)] if as_of is not None else btyd
    summary = summary[["account_id", *BTYD_COLUMNS]].assign(has_btyd_summary=True)
    joined = features.drop(columns=[c for c in (*BTYD_COLUMNS, "has_btyd_summary") if c in features], errors="ignore")
    return joined.merge(summary, on="account_id", how="left", validate="one_to_one")


def non_contract_summaries(rows: pd.DataFrame) -> pd.DataFrame:
    """The BTYD summary rows the value models are fitted on: accounts without an active or ended
    subscription that have a summary, in account_id order."""
    contractual, lapsed = _flags(rows)
    keep = ~contractual & ~lapsed & rows["has_btyd_summary"].fillna(False).astype(bool).to_numpy()
    return rows.loc[keep, ["account_id", *BTYD_COLUMNS]].sort_values("account_id", kind="stable")


def add_percentiles(scores: pd.DataFrame) -> pd.DataFrame:
    """Fill the percentile columns: each score's rank among all accounts (ties share a percentile)."""
    for prefix in PREFIX.values():
        score = scores[f"{prefix}_score"].astype("float64")
        if score.notna().any():
            scores[f"{prefix}_percentile"] = pd.array(percentile(score.to_numpy()), dtype="Float64")
    return scores


def score_accounts(
    features: pd.DataFrame,
    runs: pd.DataFrame,
    btyd: pd.DataFrame,
    *,
    context_sample_size: int = 200_000,
    **settings: Any,
) -> pd.DataFrame:
    """Scores of every account of one as-of date, on pandas (``segmentation.spark_scoring`` is the same
    on a Spark DataFrame, scoring partitions with mapInPandas). ``settings``: the keyword arguments of
    ``fit_scoring_context`` (horizon_days, band_medium, band_high, random_state)."""
    features = features.sort_values("account_id", kind="stable").reset_index(drop=True)
    as_of = features["as_of_date"].iloc[0] if len(features) else None
    rows = with_btyd(features, btyd, as_of)
    sample = context_sample(features, context_sample_size)
    ctx = fit_scoring_context(sample, runs, non_contract_summaries(rows), as_of_date=as_of, **settings)
    return add_percentiles(score_rows(rows, ctx))
