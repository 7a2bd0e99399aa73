"""One row per account per as-of date: propensity, churn risk, their reasons, and 12-month value."""

from segmentation.dbt_io import output, params, to_pandas
from segmentation.value import SCORE_SCHEMA, score_accounts


def model(dbt, session):
    dbt.config(
        materialized="incremental", unique_key="as_of_date", incremental_strategy="delete+insert", tags=["history"]
    )
    features = to_pandas(dbt.ref("fct_account_features"))
    runs = to_pandas(dbt.ref("ml_model_runs"))
    btyd = to_pandas(dbt.ref("int_account_btyd_summary"))
    scores = score_accounts(features, runs, btyd, **params(dbt.config.get("meta"), "scoring"))
    return output(scores, SCORE_SCHEMA, session)
