# One-off measurement script, kept as it was run (see README.md here).
# dbt_io.output (the arrow table a Python model returns) on the 1M warehouse's scores, timed twice.
# Before: PYTHONPATH=<a copy of src at the parent commit>; after: the checkout.
import time, duckdb, segmentation
from segmentation.dbt_io import decimals_as_doubles, to_pandas, on_date, current_as_of, output
from segmentation.value import SCORE_SCHEMA, score_accounts
con = duckdb.connect('bench/out/tier_1000000/warehouse.duckdb', read_only=True)
as_of = current_as_of(con.table("intermediate.int_as_of_dates"))
runs = to_pandas(on_date(con.table("ml.ml_model_runs"), as_of))
f = to_pandas(decimals_as_doubles(con.table("features.fct_account_features")))
b = to_pandas(decimals_as_doubles(con.table("intermediate.int_account_btyd_summary")))
scores = score_accounts(f, runs, b)
took = []
for _ in range(2):
    t = time.perf_counter(); table = output(scores, SCORE_SCHEMA, con); took.append(round(time.perf_counter() - t, 2))
print(segmentation.__file__, "output", took, table.num_rows, "rows", table.nbytes, "bytes")
# the table equals the one the parent commit's output gives (its dbt_io.py loaded from OLD_DBT_IO)
import importlib.util, os
if os.environ.get("OLD_DBT_IO"):
    spec = importlib.util.spec_from_file_location("old_dbt_io", os.environ["OLD_DBT_IO"])
    old = importlib.util.module_from_spec(spec); spec.loader.exec_module(old)
    print("equal to the parent commit's:", old.output(scores, SCORE_SCHEMA, con).equals(table))
