"""The cluster map: a seeded sample of accounts and the segment centroids in two dimensions."""

from segmentation.dbt_io import (
    current_as_of,
    decimals_as_doubles,
    on_date,
    output,
    params,
    release_cached_memory,
    to_pandas,
)
from segmentation.segments import MAP_SCHEMA, segment_map


def model(dbt, session):
    dbt.config(materialized="table")
    release_cached_memory(session)
    features = to_pandas(decimals_as_doubles(dbt.ref("fct_account_features")))
    centroids = to_pandas(dbt.ref("ml_segment_centroids"))
    # the assignments of this as-of date only: the history table grows with every run
    assignments = to_pandas(on_date(dbt.ref("ml_segment_assignments"), current_as_of(dbt.ref("int_as_of_dates"))))
    points = segment_map(features, centroids, assignments, **params(dbt.config.get("meta"), "map"))
    return output(points, MAP_SCHEMA, session)
