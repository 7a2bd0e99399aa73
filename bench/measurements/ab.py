# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time, sys
for f in sys.argv[1:]:
    c = duckdb.connect()
    c.sql("attach '/tmp/p1/full_snapshot.duckdb' as w (read_only)")
    c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'; set temp_directory='/tmp/p1/spill'")
    q = open(f).read()
    t = time.time(); c.sql("create temp table r as " + q)
    print(f, round(time.time()-t, 1), c.sql("select count(*), count(quarantine_rule), sum(id_rank), count(distinct quarantine_rule), max(occurred_at), count(occurred_at_raw) from r").fetchall(), flush=True)
    c.close()
