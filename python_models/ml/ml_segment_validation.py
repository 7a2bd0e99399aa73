"""One row per scheme x outcome x segment: do segments differ in what happens next?"""

from segmentation.dbt_io import (
    current_as_of,
    decimals_as_doubles,
    is_training_run,
    output,
    release_cached_memory,
    stored_table,
    to_pandas,
    where,
)
from segmentation.segments import backtest_frame
from segmentation.validation import VALIDATION_SCHEMA, validate_segments


def model(dbt, session):
    dbt.config(materialized="table")
    release_cached_memory(session)
    as_of_dates = dbt.ref("int_as_of_dates")
    if not is_training_run(as_of_dates):  # no retraining due (var retrain_every_days): the stored validation
        stored = stored_table(session, dbt.this, "ml_segment_validation")
        # a column the stored table does not have yet (written by an earlier version) is carried as NULL
        return output(stored.reindex(columns=list(VALIDATION_SCHEMA)), VALIDATION_SCHEMA, session)
    # the backtest reads accounts as of T - H (the 'train' role), filtered in the warehouse
    features = to_pandas(decimals_as_doubles(where(dbt.ref("int_account_features_as_of"), "as_of_role = 'train'")))
    outcomes = to_pandas(where(dbt.ref("int_account_outcomes"), "as_of_role = 'train'"))
    centroids = to_pandas(dbt.ref("ml_segment_centroids"))
    current = current_as_of(as_of_dates)
    backtest_as_of = to_pandas(where(as_of_dates, "as_of_role = 'train'"))["as_of_date"].iloc[0]
    frame = backtest_frame(features, outcomes, centroids, current=current)
    return output(validate_segments(frame, backtest_as_of), VALIDATION_SCHEMA, session)
