# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# bench/out/tier_1000000/warehouse.duckdb for the 1M bench warehouse (run from the repository root).
import duckdb, time, sys
con=duckdb.connect('bench/out/tier_1000000/warehouse.duckdb',read_only=True)
con.sql("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false; set temp_directory='/tmp/p1/spill'")
m=sys.argv[1]
for v in ('new','old'):
    q=open(f'/tmp/p1/{m}_{v}.sql').read()
    t=time.time(); con.sql(f"create temp table t_{v} as {q}"); print(m, v, round(time.time()-t,1), flush=True)
print('old-new', con.sql("select count(*) from (select * from t_old except all select * from t_new)").fetchall(), 'new-old', con.sql("select count(*) from (select * from t_new except all select * from t_old)").fetchall(), con.sql("select count(*) from t_new").fetchall())
