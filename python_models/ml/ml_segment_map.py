"""The cluster map: a seeded sample of accounts and the segment centroids in two dimensions."""

from segmentation.dbt_io import decimals_as_doubles, output, params, release_cached_memory, to_pandas
from segmentation.segments import MAP_SCHEMA, segment_map


def model(dbt, session):
    dbt.config(materialized="table")
    release_cached_memory(session)
    features = to_pandas(decimals_as_doubles(dbt.ref("fct_account_features")))
    centroids = to_pandas(dbt.ref("ml_segment_centroids"))
    assignments = to_pandas(dbt.ref("ml_segment_assignments"))
    points = segment_map(features, centroids, assignments, **params(dbt.config.get("meta"), "map"))
    return output(points, MAP_SCHEMA, session)
