"""One row per account per as-of date: propensity, churn risk, their reasons, and 12-month value."""

from segmentation.dbt_io import (
    current_as_of,
    decimals_as_doubles,
    is_spark,
    on_date,
    output,
    params,
    release_cached_memory,
    to_pandas,
)
from segmentation.value import SCORE_SCHEMA, score_accounts


def model(dbt, session):
    dbt.config(
        materialized="incremental", unique_key="as_of_date", incremental_strategy="delete+insert", tags=["history"]
    )
    release_cached_memory(session)
    settings = params(dbt.config.get("meta"), "scoring")
    features = dbt.ref("fct_account_features")
    # this as-of date's model runs only (the champions that score it): each run adds its models to the history
    runs = to_pandas(on_date(dbt.ref("ml_model_runs"), current_as_of(dbt.ref("int_as_of_dates"))))
    btyd = dbt.ref("int_account_btyd_summary")
    if is_spark(features):  # Databricks, or a Spark session: partitions are scored with mapInPandas
        from segmentation.spark_scoring import score_accounts_spark

        return score_accounts_spark(features, runs, btyd, **settings)
    scores = score_accounts(
        to_pandas(decimals_as_doubles(features)), runs, to_pandas(decimals_as_doubles(btyd)), **settings
    )
    return output(scores, SCORE_SCHEMA, session)
