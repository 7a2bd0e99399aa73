# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time
c = duckdb.connect()
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
src = "read_parquet('/work/main/bench/out/raw_1000000/events/*.parquet', union_by_name = true)"
def t(name, q):
    s=time.time(); c.sql(q); print(name, c.sql("select count(*) from x").fetchall(), round(time.time()-s,1), flush=True); c.sql("drop table x")
t("expr filter all cols", f"create temp table x as select * from {src} where coalesce(cast(cast(try_cast(occurred_at as timestamptz) as timestamp) as date), date '1900-01-01') >= date '2026-09-28'")
t("raw filter all cols", f"create temp table x as select * from {src} where occurred_at >= timestamp '2026-09-28'")
t("raw filter trimmed", f"create temp table x as select nullif(trim(cast(event_id as text)),'') e, nullif(trim(cast(account_id as text)),'') a, nullif(trim(cast(user_id as text)),'') u, nullif(trim(cast(session_id as text)),'') s, lower(nullif(trim(cast(event_name as text)),'')) n, cast(try_cast(occurred_at as timestamptz) as timestamp) o from {src} where occurred_at >= timestamp '2026-09-28'")
