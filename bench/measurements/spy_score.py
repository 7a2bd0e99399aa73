# One-off measurement script, kept as it was run (see README.md here).
# score_accounts on the 1M warehouse, to be run under py-spy.
import duckdb, pickle
from segmentation.dbt_io import decimals_as_doubles, to_pandas, on_date, current_as_of
from segmentation.value import score_accounts
con = duckdb.connect('bench/out/tier_1000000/warehouse.duckdb', read_only=True)
as_of = current_as_of(con.table("intermediate.int_as_of_dates"))
runs = to_pandas(on_date(con.table("ml.ml_model_runs"), as_of))
f = to_pandas(decimals_as_doubles(con.table("features.fct_account_features")))
b = to_pandas(decimals_as_doubles(con.table("intermediate.int_account_btyd_summary")))
con.close()
score_accounts(f, runs, b)
