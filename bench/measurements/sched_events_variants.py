# One-off measurement script, kept as it was run (see README.md here): the scheduled run's base events query
# of several checkouts, compiled against one warehouse after its scheduled run (the same days re-read
# again), each as a temporary table, in turns.
# usage: sched_events_variants.py WAREHOUSE ROUNDS COMPILED.sql...
import sys
import time

import duckdb

warehouse, rounds, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
queries = [open(f).read() for f in files]
con = duckdb.connect(warehouse, read_only=True)
con.execute("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false")
times = {f: [] for f in files}
for _ in range(rounds):
    for f, sql in zip(files, queries):
        start = time.perf_counter()
        con.execute(f"create or replace temp table x as {sql}")
        times[f].append(round(time.perf_counter() - start, 2))
        rows = con.execute("select count(*) from x").fetchall()[0][0]
for f in files:
    print(f, times[f], "rows", rows)
