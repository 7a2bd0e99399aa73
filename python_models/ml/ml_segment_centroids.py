"""One row per segment per as-of date: the fitted clustering of each run (appended)."""

from segmentation.dbt_io import (
    current_as_of,
    decimals_as_doubles,
    is_training_run,
    output,
    params,
    read_table,
    release_cached_memory,
    to_pandas,
)
from segmentation.segments import CENTROID_SCHEMA, carry_segments, fit_segments


def model(dbt, session):
    dbt.config(
        materialized="incremental", unique_key="as_of_date", incremental_strategy="delete+insert", tags=["history"]
    )
    release_cached_memory(session)
    as_of_dates = dbt.ref("int_as_of_dates")
    as_of = current_as_of(as_of_dates)
    history = read_table(session, dbt.this) if dbt.is_incremental else None
    # between trainings (var retrain_every_days) the segments keep their last fit, as the scores keep
    # their champions and the validation its backtest
    carried = None if is_training_run(as_of_dates) else carry_segments(history, as_of)
    if carried is not None:
        return output(carried, CENTROID_SCHEMA, session)
    features = to_pandas(decimals_as_doubles(dbt.ref("fct_account_features")))
    rules = to_pandas(dbt.ref("cluster_naming_rules"))
    centroids = fit_segments(features, rules, history, as_of_date=as_of, **params(dbt.config.get("meta"), "segmenter"))
    return output(centroids, CENTROID_SCHEMA, session)
