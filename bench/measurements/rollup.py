# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# bench/out/tier_1000000/warehouse.duckdb for the 1M bench warehouse (run from the repository root).
import duckdb, time, sys
con=duckdb.connect('bench/out/tier_1000000/warehouse.duckdb',read_only=True)
con.sql("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false; set temp_directory='/tmp/p1/spill'")
ev = """select account_id, user_id, session_id, event_name, occurred_at, cast(occurred_at as date) as activity_date
 from staging.stg_product__events"""
cls = f"""select e.account_id, e.activity_date, e.user_id, e.session_id, e.occurred_at,
 coalesce(c.feature,'other') as feature, case when c.is_core_workflow then 1 else 0 end as is_core_workflow,
 case when c.event_name is null then 1 else 0 end as is_other
 from ({ev}) e left join reference.event_catalog c on e.event_name=c.event_name"""
old = f"""select account_id, activity_date, count(*) as event_count, count(distinct user_id) as active_user_count,
 count(distinct session_id) as session_count, count(distinct feature) as feature_count,
 sum(is_core_workflow) as core_workflow_count, sum(is_other) as other_event_count, max(occurred_at) as last_event_at
 from ({cls}) group by account_id, activity_date"""
new = f"""with s as (select account_id, activity_date, session_id, user_id, feature, count(*) as n,
 sum(is_core_workflow) as core, sum(is_other) as other, max(occurred_at) as last_at
 from ({cls}) group by account_id, activity_date, session_id, user_id, feature)
 select account_id, activity_date, sum(n) as event_count, count(distinct user_id) as active_user_count,
 count(distinct session_id) as session_count, count(distinct feature) as feature_count,
 sum(core) as core_workflow_count, sum(other) as other_event_count, max(last_at) as last_event_at
 from s group by account_id, activity_date"""
lst = f"""select account_id, activity_date, count(*) as event_count, len(list_distinct(list(user_id))) as active_user_count,
 len(list_distinct(list(session_id))) as session_count, len(list_distinct(list(feature))) as feature_count,
 sum(is_core_workflow) as core_workflow_count, sum(is_other) as other_event_count, max(occurred_at) as last_event_at
 from ({cls}) group by account_id, activity_date"""
plain = f"""select account_id, activity_date, count(*) as event_count,
 sum(is_core_workflow) as core_workflow_count, sum(is_other) as other_event_count, max(occurred_at) as last_event_at
 from ({cls}) group by account_id, activity_date"""
hsh = old.replace("distinct user_id", "distinct hash(user_id)").replace("distinct session_id", "distinct hash(session_id)")
one = f"""select account_id, activity_date, count(*) as n from (select distinct account_id, activity_date, session_id from ({cls}) where session_id is not null) group by all"""
bits = old.replace("count(distinct feature) as feature_count", "bit_count(bit_or(cast(1 as bigint) << feature_bit)) as feature_count").replace(
 "coalesce(c.feature,'other') as feature,", "coalesce(c.feature,'other') as feature, b.feature_bit as feature_bit,").replace(
 "left join reference.event_catalog c on e.event_name=c.event_name",
 "left join reference.event_catalog c on e.event_name=c.event_name left join fb b on coalesce(c.feature,'other') = b.feature")
bits = "with fb as (select feature, cast(row_number() over (order by feature) - 1 as integer) as feature_bit from (select coalesce(feature,'other') as feature from reference.event_catalog union select 'other')) " + bits
which = sys.argv[1]
if len(sys.argv) > 2: con.sql(f"set memory_limit='{sys.argv[2]}'")
q = {'old': old, 'new': new, 'lst': lst, 'plain': plain, 'hsh': hsh, 'one': one, 'bits': bits}[which]
t=time.time()
con.sql(f"create temp table r as {q}")
print(which, round(time.time()-t,1), con.sql("select count(*), sum(event_count),  sum(core_workflow_count), max(last_event_at) from r").fetchall())
if which=='new':
    t=time.time()
    print(con.sql(f"select count(*) from ({cls}) ").fetchall(), time.time()-t)
