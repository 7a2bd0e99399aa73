"""One row per account per as-of date: propensity, churn risk, their reasons, and 12-month value."""

from segmentation.dbt_io import decimals_as_doubles, is_spark, output, params, release_cached_memory, to_pandas
from segmentation.value import SCORE_SCHEMA, score_accounts


def model(dbt, session):
    dbt.config(
        materialized="incremental", unique_key="as_of_date", incremental_strategy="delete+insert", tags=["history"]
    )
    release_cached_memory(session)
    settings = params(dbt.config.get("meta"), "scoring")
    features = dbt.ref("fct_account_features")
    runs = to_pandas(dbt.ref("ml_model_runs"))
    btyd = dbt.ref("int_account_btyd_summary")
    if is_spark(features):  # Databricks, or a Spark session: partitions are scored with mapInPandas
        from segmentation.spark_scoring import score_accounts_spark

        return score_accounts_spark(features, runs, btyd, **settings)
    scores = score_accounts(
        to_pandas(decimals_as_doubles(features)), runs, to_pandas(decimals_as_doubles(btyd)), **settings
    )
    return output(scores, SCORE_SCHEMA, session)
