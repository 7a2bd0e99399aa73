# One-off measurement script, kept as it was run (see README.md here): a compiled model query as a temporary
# table on a warehouse, with DuckDB's JSON profile written to /tmp/b/prof/plan.json.
import duckdb, sys, time, re
sql = open(sys.argv[1]).read()
con = duckdb.connect(sys.argv[2], read_only=True)
con.execute("set memory_limit='6GB'; set threads=2")
con.execute("set enable_profiling='json'; set profiling_output='/tmp/b/prof/plan.json'")
t=time.time()
con.execute(f"create temp table x as {sql}")
print("seconds", round(time.time()-t,2))
