# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time
c = duckdb.connect('bench/out/tier_1000000/warehouse.duckdb', read_only=True)
c.sql("set threads=2; set memory_limit='6GB'")
t=time.time()
print(c.sql("""
with g as (
 select account_id, activity_date, count(*) n, count(user_id) nu, count(session_id) ns,
   min(user_id)=max(user_id) one_user, min(session_id)=max(session_id) one_session
 from (select *, cast(occurred_at as date) activity_date from staging.stg_product__events) group by all)
select count(*) groups, sum(n) events,
  sum(case when n<=2 or one_user then 0 else 1 end) user_hard_groups,
  sum(case when n<=2 or one_user then 0 else n end) user_hard_events,
  sum(case when n<=2 or one_session then 0 else 1 end) sess_hard_groups,
  sum(case when n<=2 or one_session then 0 else n end) sess_hard_events
from g
"""))
print(time.time()-t)
