# One-off measurement script, kept as it was run (see README.md here). The model runs' history as
# ml_model_runs reads it before its run of the last as-of date: all of it (before) and the latest champions
# (after), on a backfilled warehouse. Usage: python bench/measurements/runs_history.py <warehouse.duckdb>
import sys, time, duckdb
from segmentation.dbt_io import latest_champions, read_table, to_pandas
con = duckdb.connect(sys.argv[1], read_only=True)
last = con.execute("select max(as_of_date) from ml.ml_model_runs").fetchall()[0][0]
for rep in range(3):
    for name in ("whole history", "latest champions"):
        t = time.perf_counter()
        rows = read_table(con, "ml.ml_model_runs") if name == "whole history" else latest_champions(con, "ml.ml_model_runs", last)
        took = time.perf_counter() - t
        blobs = int(rows["model_blob"].dropna().str.len().sum())
        print(f"{name}: {len(rows)} rows, {rows['as_of_date'].nunique()} dates, {blobs / 1e6:.1f} MB of models, {took:.3f} s")
