# One-off measurement script, kept as it was run (see README.md here).
# train_all on the c180462 benchmark's 1M warehouse, without history (a full build) and with the latest
# champions (a scheduled run), timed; prints each run's metrics and decision.
# Before: PYTHONPATH=<a copy of src at the parent commit>; after: the checkout.
import sys, time, duckdb, segmentation
from segmentation.dbt_io import latest_champions, current_as_of, to_pandas, decimals_as_doubles, only_columns, where
from segmentation.scoring import MODEL_FEATURES, TARGETS, train_all
con = duckdb.connect('/tmp/s25/benchout/tier_1000000/warehouse.duckdb', read_only=True)
KEYS = ["account_id", "as_of_date", "as_of_role"]
training = "as_of_role in ('train', 'backtest')"
f = to_pandas(decimals_as_doubles(only_columns(where(con.table("intermediate.int_account_features_as_of"), training), [*KEYS, *MODEL_FEATURES])))
o = to_pandas(only_columns(where(con.table("intermediate.int_account_outcomes"), training), [*KEYS, "is_label_complete", *TARGETS.values()]))
as_of = current_as_of(con.table("intermediate.int_as_of_dates"))
h = latest_champions(con, "ml.ml_model_runs", as_of)
for name, history in (("full build", None), ("with champions", h)):
    t = time.perf_counter(); runs = train_all(f, o, history, as_of_date=as_of); took = time.perf_counter() - t
    print(segmentation.__file__, name, "train_all", round(took, 1), flush=True)
    print(runs[["model_name", "model_kind", "evaluation_rows", "roc_auc", "pr_auc", "brier_score", "lift_top_decile", "decision"]].to_string(), flush=True)
