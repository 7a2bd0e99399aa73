# One-off measurement script, kept as it was run (see README.md here).
# ml_segment_validation's work on the 1M warehouse, timed by part.
import time, sys, duckdb
from segmentation.dbt_io import current_as_of, decimals_as_doubles, to_pandas, where
from segmentation.segments import backtest_frame
from segmentation.validation import validate_segments
con = duckdb.connect(sys.argv[1], read_only=True)
t = time.perf_counter()
features = to_pandas(decimals_as_doubles(where(con.table("intermediate.int_account_features_as_of"), "as_of_role = 'train'")))
outcomes = to_pandas(where(con.table("intermediate.int_account_outcomes"), "as_of_role = 'train'"))
centroids = to_pandas(con.table("ml.ml_segment_centroids"))
current = current_as_of(con.table("intermediate.int_as_of_dates"))
t1 = time.perf_counter()
frame = backtest_frame(features, outcomes, centroids, current=current)
t2 = time.perf_counter()
out = validate_segments(frame)
t3 = time.perf_counter()
print("read", round(t1 - t, 1), "backtest_frame", round(t2 - t1, 1), "validate", round(t3 - t2, 1), features.shape, frame.shape)
