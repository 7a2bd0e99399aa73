# One-off measurement script, kept as it was run (see README.md here).
# On the 085b6b3 benchmark's 1M warehouse (after its scheduled run), read only: score_accounts with the
# warehouse's champions, and train_all without history, timed. Writes the scores to argv[1] for comparison.
# Before: PYTHONPATH=<a copy of src at the parent commit>; after: the checkout.
import sys, time, duckdb, segmentation
from segmentation.dbt_io import decimals_as_doubles, to_pandas, on_date, current_as_of, only_columns, where
from segmentation.scoring import MODEL_FEATURES, TARGETS, train_all
from segmentation.value import score_accounts
con = duckdb.connect('/tmp/s26/benchout/tier_1000000/warehouse.duckdb', read_only=True)
as_of = current_as_of(con.table("intermediate.int_as_of_dates"))
runs = to_pandas(on_date(con.table("ml.ml_model_runs"), as_of))
f = to_pandas(decimals_as_doubles(con.table("features.fct_account_features")))
b = to_pandas(decimals_as_doubles(con.table("intermediate.int_account_btyd_summary")))
KEYS = ["account_id", "as_of_date", "as_of_role"]
training = "as_of_role in ('train', 'backtest')"
tf = to_pandas(decimals_as_doubles(only_columns(where(con.table("intermediate.int_account_features_as_of"), training), [*KEYS, *MODEL_FEATURES])))
to = to_pandas(only_columns(where(con.table("intermediate.int_account_outcomes"), training), [*KEYS, "is_label_complete", *TARGETS.values()]))
con.close()
t = time.perf_counter(); s = score_accounts(f, runs, b); took = time.perf_counter() - t
print(segmentation.__file__, "score_accounts", round(took, 1), len(s), flush=True)
s.to_parquet(sys.argv[1])
t = time.perf_counter(); r = train_all(tf, to, None, as_of_date=as_of); took = time.perf_counter() - t
print(segmentation.__file__, "train_all", round(took, 1), flush=True)
