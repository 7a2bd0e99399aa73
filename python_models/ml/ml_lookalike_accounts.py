"""One row per account of the lookalike audience: nearest non-members to the seed's behavior."""

from segmentation.audiences import LOOKALIKE_SCHEMA, lookalike_accounts
from segmentation.dbt_io import decimals_as_doubles, output, release_cached_memory, to_pandas


def model(dbt, session):
    dbt.config(materialized="table")
    release_cached_memory(session)
    meta = dbt.config.get("meta")
    settings = (meta or {}).get("lookalike") or {}
    features = to_pandas(decimals_as_doubles(dbt.ref("fct_account_features")))
    assignments = to_pandas(dbt.ref("ml_segment_assignments"))
    assignments = assignments[assignments["as_of_date"].astype(str) == str(features["as_of_date"].max())]
    centroids = to_pandas(dbt.ref("ml_segment_centroids"))
    values = to_pandas(dbt.ref("ml_account_scores")).merge(assignments[["account_id", "segment_id"]], on="account_id")
    audience = lookalike_accounts(
        features,
        assignments,
        centroids,
        values,
        seed=settings.get("seed", "highest_value"),
        max_accounts=int(settings.get("max_accounts", 500)),
    )
    return output(audience, LOOKALIKE_SCHEMA, session)
