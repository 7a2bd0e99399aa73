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

import json

import numpy as np
import pandas as pd

from segmentation.btyd import BetaGeoModel, GammaGammaModel
from segmentation.scoring import TARGETS, band, decode_model, percentile, top_reasons

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


def _numeric(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()


def score_accounts(
    features: pd.DataFrame,
    runs: pd.DataFrame,
    btyd: pd.DataFrame,
    *,
    horizon_days: int = 90,
    band_medium: float = 0.2,
    band_high: float = 0.5,
    random_state: int = 42,
) -> pd.DataFrame:
    features = features.sort_values("account_id", kind="stable").reset_index(drop=True)
    out = pd.DataFrame({"account_id": features["account_id"], "as_of_date": features["as_of_date"]})
    as_of = features["as_of_date"].iloc[0] if len(features) else None
    current = runs[(pd.to_datetime(runs["as_of_date"]) == pd.Timestamp(as_of))] if as_of is not None else runs
    for target in TARGETS:
        prefix = PREFIX[target]
        champion = current[(current["model_name"] == target) & current["is_champion"].fillna(False).astype(bool)]
        if champion.empty or len(features) == 0:
            out[f"{prefix}_score"] = np.nan
            out[f"{prefix}_percentile"] = np.nan
            out[f"{prefix}_band"] = None
            out[f"{prefix}_reasons"] = "not scored: no trained model (insufficient labelled history)"
            out[f"{'propensity' if target == 'propensity' else 'churn'}_model_version"] = None
            continue
        row = champion.iloc[0]
        model = decode_model(row["model_blob"])
        feats = json.loads(row["feature_list"])
        X = features.reindex(columns=feats).apply(pd.to_numeric, errors="coerce").astype("float64").to_numpy()
        score = model.predict_proba(X)[:, 1]
        out[f"{prefix}_score"] = np.round(score, 6)
        out[f"{prefix}_percentile"] = percentile(score)
        out[f"{prefix}_band"] = band(score, band_medium, band_high)
        out[f"{prefix}_reasons"] = top_reasons(model, X, feats, random_state=random_state)
        out[f"{'propensity' if target == 'propensity' else 'churn'}_model_version"] = row["model_version"]

    # ---- 12-month value
    value = np.zeros(len(features))
    method = np.full(len(features), "no_purchases", dtype=object)
    p_alive = np.full(len(features), np.nan)
    expected = np.full(len(features), np.nan)
    contractual = features["has_active_subscription"].fillna(False).astype(bool).to_numpy() if len(features) else []
    mrr = np.nan_to_num(_numeric(features["current_mrr"])) if len(features) else np.array([])
    churn = out["churn_risk_score"].astype("float64").to_numpy()
    monthly = np.power(np.clip(1 - np.nan_to_num(churn, nan=0.0), 0, 1), 30.4 / horizon_days)
    months = sum(monthly**m for m in range(1, 13))
    value = np.where(contractual, mrr * months, value)
    method = np.where(contractual, "subscription", method)

    lapsed = (
        features["has_subscription_history"].fillna(False).astype(bool).to_numpy() & ~np.asarray(contractual, bool)
        if len(features)
        else np.array([], dtype=bool)
    )
    method = np.where(lapsed, "churned_subscription", method)
    summary = btyd[pd.to_datetime(btyd["as_of_date"]) == pd.Timestamp(as_of)] if as_of is not None else btyd
    summary = summary.set_index("account_id")
    non_contract = (
        ~np.asarray(contractual, dtype=bool) & ~lapsed & features["account_id"].isin(summary.index).to_numpy()
    )
    if non_contract.sum() >= 30:
        rows = summary.loc[features.loc[non_contract, "account_id"]]
        x = _numeric(rows["btyd_frequency"])
        t_x = _numeric(rows["btyd_recency_days"])
        big_t = _numeric(rows["btyd_t_days"])
        m = _numeric(rows["btyd_monetary_value"])
        try:
            bg = BetaGeoModel(penalizer=0.001).fit(x, t_x, big_t)
            purchases = bg.expected_purchases(365.0, x, t_x, big_t)
            spend = GammaGammaModel(penalizer=0.001).fit(x, m).expected_average_spend(x, m)
            value[non_contract] = purchases * spend
            expected[non_contract] = purchases
            p_alive[non_contract] = bg.probability_alive(x, t_x, big_t)
            method[non_contract] = "btyd"
        except ValueError:
            method[non_contract] = "insufficient_data"
            value[non_contract] = np.nan
    elif non_contract.any():
        method[non_contract] = "insufficient_data"
        value[non_contract] = np.nan
    out["predicted_value_12m"] = np.round(value, 2)
    out["value_method"] = method
    out["probability_alive"] = np.round(p_alive, 6)
    out["expected_purchases_12m"] = np.round(expected, 6)
    return pd.DataFrame({name: out[name].astype(dtype) for name, dtype in SCORE_SCHEMA.items()})
