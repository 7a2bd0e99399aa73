# One-off measurement script, kept as it was run (see README.md here).
# train_all on the 1M warehouse's training rows (no history: a full build), timed; its rows are written
# for comparison. Before: PYTHONPATH=<a copy of src at the parent commit>; after: the checkout.
import sys, time, duckdb, segmentation
from segmentation.dbt_io import to_pandas, decimals_as_doubles, only_columns, where, current_as_of
from segmentation.scoring import MODEL_FEATURES, TARGETS, train_all
con = duckdb.connect('bench/out/tier_1000000/warehouse.duckdb', read_only=True)
KEYS = ["account_id", "as_of_date", "as_of_role"]
training = "as_of_role in ('train', 'backtest')"
f = to_pandas(decimals_as_doubles(only_columns(where(con.table("intermediate.int_account_features_as_of"), training), [*KEYS, *MODEL_FEATURES])))
o = to_pandas(only_columns(where(con.table("intermediate.int_account_outcomes"), training), [*KEYS, "is_label_complete", *TARGETS.values()]))
as_of = current_as_of(con.table("intermediate.int_as_of_dates"))
t = time.perf_counter(); runs = train_all(f, o, None, as_of_date=as_of); took = time.perf_counter() - t
runs.to_parquet(sys.argv[1])
print(segmentation.__file__, "train_all", round(took, 1), len(runs), "rows")
