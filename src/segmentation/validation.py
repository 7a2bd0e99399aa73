"""Do segments matter? Outcome differences by segmentation scheme, with effect sizes and tests.

For each scheme (behavioral clusters, RFM segments, firmographic segments) and each outcome (churn,
expansion/repurchase, revenue in the horizon), on accounts as of T - H with outcomes in (T - H, T]:

- variance explained: eta squared = between-segment sum of squares / total sum of squares of the
  outcome (for a 0/1 outcome this is the share of the outcome's variance the segments account for);
- scheme test: chi-square test of independence for 0/1 outcomes, one-way ANOVA for revenue;
- per segment: its outcome rate against the rest of the population (chi-square 2x2 or Welch's t-test);
  a segment with p >= 0.05 is flagged as indistinguishable from the base rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

SCHEMES = {"behavioral": "behavioral_segment", "rfm": "rfm_segment", "firmographic": "firmographic_segment"}
OUTCOMES = {"churn": "churned", "expansion_or_repurchase": "propensity_outcome", "revenue": "revenue_in_horizon"}
BINARY = {"churn", "expansion_or_repurchase"}
ALPHA = 0.05

VALIDATION_SCHEMA: dict[str, str] = {
    "scheme": "string",
    "outcome": "string",
    "segment": "string",
    "accounts": "Int64",
    "outcome_rate": "Float64",
    "base_rate": "Float64",
    "lift_vs_base": "Float64",
    "segment_p_value": "Float64",
    "is_indistinguishable_from_base": "boolean",
    "eta_squared": "Float64",
    "scheme_test": "string",
    "scheme_statistic": "Float64",
    "scheme_p_value": "Float64",
    "behavioral_vs_firmographic_ratio": "Float64",
    "backtest_as_of_date": "object",
}


def eta_squared(y: np.ndarray, groups: np.ndarray) -> float:
    y = np.asarray(y, dtype=float)
    total = ((y - y.mean()) ** 2).sum()
    if total == 0:
        return 0.0
    frame = pd.DataFrame({"y": y, "g": groups})
    grouped = frame.groupby("g")["y"].agg(["mean", "size"])
    between = (grouped["size"] * (grouped["mean"] - y.mean()) ** 2).sum()
    return float(between / total)


def _scheme_test(y: np.ndarray, groups: np.ndarray, binary: bool) -> tuple[str, float, float]:
    labels = pd.unique(groups)
    if len(labels) < 2:
        return ("none: one segment", np.nan, np.nan)
    if binary:
        table = pd.crosstab(groups, y.astype(int))
        if table.shape[1] < 2:
            return ("none: outcome constant", np.nan, np.nan)
        chi2, p, _, _ = stats.chi2_contingency(table.to_numpy())
        return ("chi_square", float(chi2), float(p))
    samples = [y[groups == g] for g in labels]
    if any(len(s) < 2 for s in samples) or np.allclose(y, y[0]):
        return ("none: too few rows", np.nan, np.nan)
    f, p = stats.f_oneway(*samples)
    return ("anova", float(f), float(p))


def _segment_p(y: np.ndarray, inside: np.ndarray, binary: bool) -> float:
    a, b = y[inside], y[~inside]
    if len(a) == 0 or len(b) == 0:
        return np.nan
    if binary:
        table = np.array([[a.sum(), len(a) - a.sum()], [b.sum(), len(b) - b.sum()]])
        if (table.sum(axis=0) == 0).any():
            return 1.0
        return float(stats.chi2_contingency(table)[1])
    if len(a) < 2 or len(b) < 2:
        return np.nan
    return float(stats.ttest_ind(a, b, equal_var=False).pvalue)


def validate_segments(frame: pd.DataFrame, backtest_as_of_date: object = None) -> pd.DataFrame:
    """One row per scheme x outcome x segment (see the module docstring); ``backtest_as_of_date`` is the
    as-of date T - H of the accounts in ``frame``."""
    rows = []
    for outcome, column in OUTCOMES.items():
        binary = outcome in BINARY
        data = frame[frame[column].notna()]
        y_all = data[column].astype(float).to_numpy()
        base = float(y_all.mean()) if len(y_all) else np.nan
        etas = {}
        for scheme, scheme_column in SCHEMES.items():
            groups = data[scheme_column].fillna("(none)").astype(str).to_numpy()
            if len(y_all) == 0:
                continue
            eta = eta_squared(y_all, groups)
            etas[scheme] = eta
            test, statistic, p = _scheme_test(y_all, groups, binary)
            for segment in sorted(pd.unique(groups)):
                inside = groups == segment
                rate = float(y_all[inside].mean())
                p_segment = _segment_p(y_all, inside, binary)
                rows.append(
                    {
                        "scheme": scheme,
                        "outcome": outcome,
                        "segment": segment,
                        "accounts": int(inside.sum()),
                        "outcome_rate": rate,
                        "base_rate": base,
                        "lift_vs_base": rate / base if base else np.nan,
                        "segment_p_value": p_segment,
                        "is_indistinguishable_from_base": bool(np.isnan(p_segment) or p_segment >= ALPHA),
                        "eta_squared": eta,
                        "scheme_test": test,
                        "scheme_statistic": statistic,
                        "scheme_p_value": p,
                        "backtest_as_of_date": backtest_as_of_date,
                    }
                )
        ratio = np.nan
        if etas.get("firmographic", 0) > 0:
            ratio = etas.get("behavioral", np.nan) / etas["firmographic"]
        for row in rows:
            if row["outcome"] == outcome:
                row["behavioral_vs_firmographic_ratio"] = ratio
    out = pd.DataFrame(rows, columns=list(VALIDATION_SCHEMA))
    return pd.DataFrame({name: out[name].astype(dtype) for name, dtype in VALIDATION_SCHEMA.items()})
