# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time, os, sys
for mode in sys.argv[1:]:
    path = f'/tmp/p1/comp_{mode}.duckdb'
    if os.path.exists(path): os.remove(path)
    c = duckdb.connect(path)
    c.sql("attach '/work/main/bench/out/tier_1000000/warehouse.duckdb' as w (read_only)")
    c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set temp_directory='/tmp/p1/spill'")
    if mode != 'default':
        c.sql(f"set force_compression='{mode}'")
    t = time.time()
    c.sql("create table t as select * from w.staging.base_product__events where account_id < 'A0300000'")
    c.sql("checkpoint")
    n = c.sql("select count(*) from t").fetchall()
    c.close()
    print(mode, n, round(time.time()-t, 1), round(os.path.getsize(path)/1e9, 2), 'GB', flush=True)
    os.remove(path)
