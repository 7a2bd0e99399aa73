# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time, os, sys
q = open('/tmp/p1/tx.sql').read()
for mode in sys.argv[1:]:
    path = '/tmp/p1/txw.duckdb'
    for p in (path, path + '.wal'):
        if os.path.exists(p): os.remove(p)
    c = duckdb.connect(path)
    c.sql("attach '/tmp/p1/full_snapshot.duckdb' as w (read_only)")
    c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'; set temp_directory='/tmp/p1/spill'")
    if mode not in ('default', 'temp'): c.sql(f"set force_compression='{mode}'")
    t = time.time()
    c.sql(("create temp table t as " if mode == 'temp' else "create table t as ") + q)
    t1 = time.time() - t
    c.sql("checkpoint")
    print(mode, round(t1, 1), round(time.time() - t, 1), round(os.path.getsize(path) / 1e9, 2), flush=True)
    c.close()
