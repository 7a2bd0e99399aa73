# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time
c = duckdb.connect()
c.sql("set threads=2; set memory_limit='6GB'; set TimeZone='UTC'")
src = "read_parquet('/work/main/bench/out/raw_1000000/events/part-00000.parquet')"
e = "case when typeof(occurred_at) = 'TIMESTAMP' then cast(occurred_at as timestamp) else cast(try_cast(occurred_at as timestamptz) as timestamp) end"
for name, ex in [("typeof case", e), ("try_cast tz", "cast(try_cast(occurred_at as timestamptz) as timestamp)")]:
    s=time.time(); print(c.sql(f"select count(x), max(x), min(x) from (select {ex} from {src}) t(x)").fetchall(), name, round(time.time()-s,1), flush=True)
print(c.sql(f"explain select {e} from {src}").fetchall()[0][1][:1500])
# semantics on text and tz
for v in ["'2026-01-02 03:04:05+02:00'", "' 2026-01-02T03:04:05Z '", "''", "'garbage'", "timestamptz '2026-01-02 03:04:05+02'", "timestamp '2026-01-02 03:04:05'", "cast(null as varchar)"]:
    q = f"select {e.replace('occurred_at','v')} , cast(try_cast(v as timestamptz) as timestamp) from (select {v} as v)"
    print(v, c.sql(q).fetchall())
