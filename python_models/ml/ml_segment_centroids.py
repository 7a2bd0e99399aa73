"""One row per segment per as-of date: the fitted clustering of each run (appended)."""

from segmentation.dbt_io import (
    current_as_of,
    decimals_as_doubles,
    output,
    params,
    read_table,
    release_cached_memory,
    to_pandas,
)
from segmentation.segments import CENTROID_SCHEMA, fit_segments


def model(dbt, session):
    dbt.config(
        materialized="incremental", unique_key="as_of_date", incremental_strategy="delete+insert", tags=["history"]
    )
    release_cached_memory(session)
    features = to_pandas(decimals_as_doubles(dbt.ref("fct_account_features")))
    rules = to_pandas(dbt.ref("cluster_naming_rules"))
    history = read_table(session, dbt.this) if dbt.is_incremental else None
    as_of = current_as_of(dbt.ref("int_as_of_dates"))
    centroids = fit_segments(features, rules, history, as_of_date=as_of, **params(dbt.config.get("meta"), "segmenter"))
    return output(centroids, CENTROID_SCHEMA, session)
