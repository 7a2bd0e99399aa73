# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# bench/out/tier_1000000/warehouse.duckdb for the 1M bench warehouse (run from the repository root).
import duckdb, time, sys
con=duckdb.connect('bench/out/tier_1000000/warehouse.duckdb',read_only=True)
con.sql("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false; set temp_directory='/tmp/p1/spill'")
q=open(sys.argv[1]).read()
t=time.time()
con.sql(f"create temp table r as {q}")
print(sys.argv[1], round(time.time()-t,1), con.sql("select count(*), count(quarantine_rule), sum(id_rank), count(distinct quarantine_rule) from r").fetchall(), flush=True)
