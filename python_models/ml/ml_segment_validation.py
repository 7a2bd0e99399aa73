"""One row per scheme x outcome x segment: do segments differ in what happens next?"""

from segmentation.dbt_io import output, to_pandas
from segmentation.segments import backtest_frame
from segmentation.validation import VALIDATION_SCHEMA, validate_segments


def model(dbt, session):
    dbt.config(materialized="table")
    features = to_pandas(dbt.ref("int_account_features_as_of"))
    outcomes = to_pandas(dbt.ref("int_account_outcomes"))
    centroids = to_pandas(dbt.ref("ml_segment_centroids"))
    return output(validate_segments(backtest_frame(features, outcomes, centroids)), VALIDATION_SCHEMA, session)
