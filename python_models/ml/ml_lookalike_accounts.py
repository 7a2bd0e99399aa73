"""One row per account of the lookalike audience: nearest non-members to the seed's behavior."""

from segmentation.audiences import LOOKALIKE_SCHEMA, lookalike_accounts
from segmentation.dbt_io import (
    current_as_of,
    decimals_as_doubles,
    on_date,
    only_columns,
    output,
    release_cached_memory,
    to_pandas,
)


def model(dbt, session):
    dbt.config(materialized="table")
    release_cached_memory(session)
    meta = dbt.config.get("meta")
    settings = (meta or {}).get("lookalike") or {}
    as_of = current_as_of(dbt.ref("int_as_of_dates"))
    features = to_pandas(decimals_as_doubles(dbt.ref("fct_account_features")))
    # the history tables' rows of this as-of date only, and of the scores only what the seed needs
    assignments = to_pandas(on_date(dbt.ref("ml_segment_assignments"), as_of))
    centroids = to_pandas(dbt.ref("ml_segment_centroids"))
    scores = on_date(dbt.ref("ml_account_scores"), as_of)
    scores = only_columns(scores, ["account_id", "as_of_date", "predicted_value_12m"])
    values = to_pandas(decimals_as_doubles(scores)).merge(assignments[["account_id", "segment_id"]], on="account_id")
    audience = lookalike_accounts(
        features,
        assignments,
        centroids,
        values,
        seed=settings.get("seed", "highest_value"),
        max_accounts=int(settings.get("max_accounts", 500)),
    )
    return output(audience, LOOKALIKE_SCHEMA, session)
