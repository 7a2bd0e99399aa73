# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time
c = duckdb.connect()
c.sql("set threads=2; set memory_limit='6GB'; set TimeZone='UTC'")
src = "read_parquet('/work/main/bench/out/raw_1000000/events/part-00000.parquet')"
for name, e in [("plain", "occurred_at"), ("try_cast tz", "cast(try_cast(occurred_at as timestamptz) as timestamp)"),
                ("cast tz", "cast(cast(occurred_at as timestamptz) as timestamp)"), ("try_cast ts", "try_cast(occurred_at as timestamp)"),
                ("3x try_cast tz", "cast(try_cast(occurred_at as timestamptz) as timestamp), cast(cast(try_cast(occurred_at as timestamptz) as timestamp) as date), case when cast(try_cast(occurred_at as timestamptz) as timestamp) is null then 1 end")]:
    s=time.time(); c.sql(f"select count(*) from (select {e} from {src}) t(x) where x is not null").fetchall() if '3x' not in name else c.sql(f"select count(a), count(b), count(cc) from (select {e} from {src}) t(a,b,cc)").fetchall(); print(name, round(time.time()-s,1), flush=True)
