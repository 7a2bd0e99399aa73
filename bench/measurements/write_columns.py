# One-off measurement script, kept as it was run (see README.md here).
# Time to write raw event columns as a table in a new DuckDB file, per column set.
import duckdb, time, os, sys
p = '/tmp/s28/wc.duckdb'
src = "read_parquet('/tmp/s28/raw_1000000/events/*.parquet')"
for cols in sys.argv[1:]:
    for x in (p, p + '.wal'):
        if os.path.exists(x): os.remove(x)
    c = duckdb.connect(p)
    c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
    t = time.time(); c.sql(f"select count(*) from (select {cols} from {src})").fetchall(); r = time.time() - t
    t = time.time(); c.sql(f"create table r as select {cols} from {src}"); w = time.time() - t
    t = time.time(); c.sql("checkpoint"); k = time.time() - t
    print(f"{cols[:60]:60s} read {r:.1f}s ctas {w:.1f}s checkpoint {k:.1f}s size {os.path.getsize(p)/1e9:.2f} GB", flush=True)
    c.close()
