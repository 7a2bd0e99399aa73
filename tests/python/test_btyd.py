"""BTYD: the published CDNOW results, and the SQL summary against lifetimes for every customer."""

from __future__ import annotations

from pathlib import Path

import lifetimes
import numpy as np
import pandas as pd
import pytest
from lifetimes.datasets import load_cdnow_summary, load_cdnow_summary_data_with_monetary_value
from lifetimes.utils import summary_data_from_transaction_data

from conftest import Project
from segmentation.btyd import BetaGeoModel, GammaGammaModel

CDNOW_SAMPLE = Path(lifetimes.__file__).parent / "datasets" / "CDNOW_sample.txt"
CALIBRATION_END = "1997-09-30"


def two_significant(x: float) -> str:
    return f"{x:.2g}"


def cdnow_transactions() -> pd.DataFrame:
    frame = pd.read_csv(
        CDNOW_SAMPLE,
        sep=r"\s+",
        header=None,
        names=["id", "master_id", "date", "cds", "value"],
        dtype={"id": str, "date": str},
    )
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame


def test_bgnbd_reproduces_fader_hardie_lee_2005_on_cdnow() -> None:
    summary = load_cdnow_summary()  # 2,357 customers, 39-week calibration, weeks
    model = BetaGeoModel().fit(summary["frequency"], summary["recency"], summary["T"])
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert two_significant(getattr(model, name)) == two_significant(value), name
    assert model.log_likelihood_ == pytest.approx(-9582.4, abs=0.5)


@pytest.mark.parametrize("source", ["published summary", "unrounded spend"])
def test_gamma_gamma_reproduces_fader_hardie_2013_on_cdnow(source: str) -> None:
    if source == "published summary":
        data = load_cdnow_summary_data_with_monetary_value()
    else:
        data = summary_data_from_transaction_data(
            cdnow_transactions(),
            "id",
            "date",
            monetary_value_col="value",
            observation_period_end=CALIBRATION_END,
            freq="D",
        )
    returning = data[data["frequency"] > 0]
    model = GammaGammaModel().fit(returning["frequency"], returning["monetary_value"])
    assert (two_significant(model.p), two_significant(model.q), two_significant(model.v)) == ("6.2", "3.7", "15")
    assert model.log_likelihood_ == pytest.approx(-4055.9, abs=0.5)


def test_conditional_expectations_match_lifetimes_with_the_same_parameters() -> None:
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    summary = load_cdnow_summary_data_with_monetary_value()
    x, t_x, big_t, m = (summary[c] for c in ("frequency", "recency", "T", "monetary_value"))
    model = BetaGeoModel().fit(x, t_x, big_t)
    reference = BetaGeoFitter()
    reference.params_ = pd.Series({"r": model.r, "alpha": model.alpha, "a": model.a, "b": model.b})
    np.testing.assert_allclose(
        model.expected_purchases(39, x, t_x, big_t),
        reference.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, big_t),
        rtol=1e-8,
    )
    np.testing.assert_allclose(
        model.probability_alive(x, t_x, big_t), reference.conditional_probability_alive(x, t_x, big_t), rtol=1e-8
    )
    spend = GammaGammaModel().fit(x, m)
    gg_reference = GammaGammaFitter()
    gg_reference.params_ = pd.Series({"p": spend.p, "q": spend.q, "v": spend.v})
    returning = x > 0
    np.testing.assert_allclose(
        spend.expected_average_spend(x[returning], m[returning]),
        gg_reference.conditional_expected_average_profit(x[returning], m[returning]),
        rtol=1e-8,
    )


def test_sql_btyd_summary_equals_lifetimes_for_every_cdnow_customer(tmp_path: Path) -> None:
    transactions = cdnow_transactions()
    raw = tmp_path / "raw"
    raw.mkdir()
    pd.DataFrame({"account_id": sorted(transactions["id"].unique())}).to_parquet(raw / "accounts.parquet")
    pd.DataFrame(
        {
            "transaction_id": [f"T{i}" for i in range(len(transactions))],
            "account_id": transactions["id"],
            "occurred_at": transactions["date"] + pd.Timedelta(hours=12),
            "transaction_type": "purchase",
            "amount": transactions["value"].round(2),
        }
    ).to_parquet(raw / "transactions.parquet")
    project = Project(workdir=tmp_path, raw_dir=raw, truth_dir=tmp_path)
    project.dbt(
        "build",
        "--select",
        "+int_account_btyd_summary",
        "--indirect-selection",
        "cautious",
        "--vars",
        f"{{as_of_date: '{CALIBRATION_END}'}}",
    )
    sql = project.query(
        "select * from intermediate.int_account_btyd_summary "
        f"where as_of_date = '{CALIBRATION_END}' order by account_id"
    ).set_index("account_id")
    expected = summary_data_from_transaction_data(
        transactions.assign(value=transactions["value"].round(2)),
        "id",
        "date",
        monetary_value_col="value",
        observation_period_end=CALIBRATION_END,
        freq="D",
    ).sort_index()
    assert len(sql) == len(expected) == 2357
    assert list(sql.index) == list(expected.index)
    np.testing.assert_array_equal(sql["btyd_frequency"].to_numpy(), expected["frequency"].to_numpy())
    np.testing.assert_array_equal(sql["btyd_recency_days"].to_numpy(), expected["recency"].to_numpy())
    np.testing.assert_array_equal(sql["btyd_t_days"].to_numpy(), expected["T"].to_numpy())
    np.testing.assert_allclose(sql["btyd_monetary_value"].astype(float), expected["monetary_value"], atol=1e-9)
