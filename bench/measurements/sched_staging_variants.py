# One-off measurement script, kept as it was run (see README.md here): the scheduled run's base staging
# queries of several checkouts, compiled against one warehouse after its scheduled run (the same days
# re-read again), each as a temporary table, in turns; then each result compared with the first checkout's
# (`except all` both ways, without loaded_at).
# usage: sched_staging_variants.py WAREHOUSE ROUNDS MODEL[,MODEL...] COMPILED_DIR...
import sys
import time
from pathlib import Path

import duckdb

warehouse, rounds, models, dirs = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4:]
con = duckdb.connect(warehouse, read_only=True)
con.execute("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false")
for model in models:
    queries = [(Path(d) / f"{model}.sql").read_text() for d in dirs]
    times: list[list[float]] = [[] for _ in dirs]
    rows = [0 for _ in dirs]
    for _ in range(rounds):
        for n, sql in enumerate(queries):
            start = time.perf_counter()
            con.execute(f"create or replace temp table v{n} as {sql}")
            times[n].append(round(time.perf_counter() - start, 2))
            rows[n] = con.execute(f"select count(*) from v{n}").fetchone()[0]
    print(model, flush=True)
    for n, d in enumerate(dirs):
        differ = con.execute(
            f"select (select count(*) from (select * exclude (loaded_at) from v0"
            f" except all select * exclude (loaded_at) from v{n})),"
            f" (select count(*) from (select * exclude (loaded_at) from v{n}"
            f" except all select * exclude (loaded_at) from v0))"
        ).fetchone()
        print(f"  {d}: {times[n]} s, {rows[n]} rows, rows only in the first / only here: {differ}", flush=True)
