# One-off measurement script, kept as it was run (see README.md here).
import sys, time, duckdb, cProfile, pstats
sys.path.insert(0, '/work/main/src')
from segmentation.dbt_io import current_as_of, decimals_as_doubles, to_pandas, where
from segmentation.segments import backtest_frame
from segmentation.validation import validate_segments
con = duckdb.connect('/tmp/s24/benchout/tier_1000000/warehouse.duckdb', read_only=True)
t=time.time()
features = to_pandas(decimals_as_doubles(where(con.table("intermediate.int_account_features_as_of"), "as_of_role = 'train'")))
outcomes = to_pandas(where(con.table("intermediate.int_account_outcomes"), "as_of_role = 'train'"))
centroids = to_pandas(con.table("ml.ml_segment_centroids"))
current = current_as_of(con.table("intermediate.int_as_of_dates"))
print('load', round(time.time()-t,1), len(features))
cProfile.run('v = validate_segments(backtest_frame(features, outcomes, centroids, current=current))', '/tmp/s24/val.prof')
p = pstats.Stats('/tmp/s24/val.prof'); p.sort_stats('cumulative').print_stats(25)
