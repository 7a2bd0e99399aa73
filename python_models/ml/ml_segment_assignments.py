"""One row per account per as-of date: the segment each account belongs to (appended)."""

from segmentation.dbt_io import decimals_as_doubles, output, release_cached_memory, to_pandas
from segmentation.segments import ASSIGNMENT_SCHEMA, assign_segments


def model(dbt, session):
    dbt.config(
        materialized="incremental", unique_key="as_of_date", incremental_strategy="delete+insert", tags=["history"]
    )
    release_cached_memory(session)
    features = to_pandas(decimals_as_doubles(dbt.ref("fct_account_features")))
    centroids = to_pandas(dbt.ref("ml_segment_centroids"))
    return output(assign_segments(features, centroids), ASSIGNMENT_SCHEMA, session)
