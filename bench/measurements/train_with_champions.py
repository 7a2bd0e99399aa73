# One-off measurement script, kept as it was run (see README.md here).
# train_all with the champions a scheduled run compares against, on the c180462 benchmark's 1M warehouse.
import time, duckdb
from segmentation.dbt_io import latest_champions, current_as_of, to_pandas, decimals_as_doubles, only_columns, where
from segmentation.scoring import MODEL_FEATURES, TARGETS, train_all
con = duckdb.connect('/tmp/s25/benchout/tier_1000000/warehouse.duckdb', read_only=True)
KEYS = ["account_id", "as_of_date", "as_of_role"]
training = "as_of_role in ('train', 'backtest')"
f = to_pandas(decimals_as_doubles(only_columns(where(con.table("intermediate.int_account_features_as_of"), training), [*KEYS, *MODEL_FEATURES])))
o = to_pandas(only_columns(where(con.table("intermediate.int_account_outcomes"), training), [*KEYS, "is_label_complete", *TARGETS.values()]))
as_of = current_as_of(con.table("intermediate.int_as_of_dates"))
t = time.perf_counter()
h = latest_champions(con, "ml.ml_model_runs", as_of)
print('history', len(h), round(time.perf_counter() - t, 2))
t = time.perf_counter(); runs = train_all(f, o, h, as_of_date=as_of); print('train_all', round(time.perf_counter() - t, 1))
print(runs[["model_name", "model_kind", "decision"]])
