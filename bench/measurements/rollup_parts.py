# One-off measurement script, kept as it was run (see README.md here).
# One block of 120 days of the 1M warehouse, grouped by account and day: the scan, every count, without the
# distinct sessions, without any distinct count. Usage: rollup_parts.py scan full nosession nodistinct
import duckdb,time,sys
c=duckdb.connect('bench/out/tier_1000000/warehouse.duckdb',read_only=True)
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false")
lo=c.sql("select max(occurred_date) - interval 120 day from staging.base_product__events").fetchall()[0][0]
base=f"""with e as (select account_id, user_id, session_id, event_name, occurred_at, cast(occurred_at as date) d
 from staging.stg_product__events where cast(occurred_at as date) >= date '{str(lo)[:10]}')"""
V={
"full": "select account_id, d, count(*), count(distinct user_id), count(distinct session_id), max(occurred_at) from e group by all",
"nosession": "select account_id, d, count(*), count(distinct user_id), max(occurred_at) from e group by all",
"nodistinct": "select account_id, d, count(*), max(occurred_at) from e group by all",
"scan": "select count(*), max(occurred_at), max(session_id), max(user_id) from e",
}
for rep in range(2):
  for k in sys.argv[1:]:
    t=time.time(); n=c.sql(f"{base} select count(*) from ({V[k]})").fetchall(); print(k, n, round(time.time()-t,1), flush=True)
