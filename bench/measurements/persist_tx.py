# One-off measurement script, kept as it was run (see README.md here, section "Purchase days, billed seats,
# lookalike history"). Run from the repository root; scratch files in /tmp/s20.
import duckdb, time, sys, os
db='/tmp/s20/ab/scratch.duckdb'
for f in (db, db+'.wal'):
    if os.path.exists(f): os.remove(f)
con=duckdb.connect(db)
con.sql("attach '/work/main/bench/out/tier_1000000/warehouse.duckdb' as warehouse (read_only)")
con.sql("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false")
q=open(sys.argv[1]).read()
t=time.time()
con.sql(f"create table r as {q}")
print(sys.argv[1], 'create', round(time.time()-t,1), flush=True)
t=time.time(); con.sql("checkpoint"); print('checkpoint', round(time.time()-t,1))
print(con.sql("select count(*), count(quarantine_rule), sum(id_rank) from r").fetchall(), flush=True)
if len(sys.argv) > 2:
    con.sql(f"copy r to '{sys.argv[2]}' (format parquet)")
