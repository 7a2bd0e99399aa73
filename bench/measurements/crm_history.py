# One-off measurement script, kept as it was run (see README.md here). A synthetic segment history (1M accounts,
# D weekly as-of dates) in /tmp/s21/crm.duckdb; the CRM table's segment entry by windows (before) and by aggregations.
# Usage: python bench/measurements/crm_history.py D
import duckdb, time, sys
D = int(sys.argv[1])
con = duckdb.connect('/tmp/s21/crm.duckdb')
con.execute("set memory_limit='6GB'; set threads=2; set temp_directory='/tmp/s21/spill'")
con.execute(f"""
create or replace table history as
with dates as (select (date '2026-10-01' - (i * 7)::int) as as_of_date, i from range({D}) t(i)),
accts as (select 'acc' || lpad(a::varchar, 7, '0') as account_id, a from range(1000000) t(a))
select account_id, as_of_date,
       cast(((a + case when hash(a, i // 4) % 30 = 0 then i else 0 end) % 6) + 1 as integer) as segment_id,
       'seg ' || (((a + case when hash(a, i // 4) % 30 = 0 then i else 0 end) % 6) + 1) as segment_name
from accts cross join dates
""")
print(con.sql("select count(*), count(distinct as_of_date) from history").fetchall())
WIN = """
with as_of as (select max(as_of_date) as as_of_date from history),
h as (select history.* from history inner join as_of on history.as_of_date <= as_of.as_of_date),
segment_runs as (
  select account_id, as_of_date, segment_id,
    lag(segment_id) over (partition by account_id order by as_of_date) as previous_segment_id,
    lag(segment_name) over (partition by account_id order by as_of_date) as previous_segment_name
  from h),
entries as (
  select account_id, as_of_date as segment_entered_at, previous_segment_name,
    row_number() over (partition by account_id order by as_of_date desc) as entry_rank
  from segment_runs where previous_segment_id is null or previous_segment_id != segment_id)
select account_id, segment_entered_at, previous_segment_name from entries where entry_rank = 1
"""
AGG = """
with as_of as (select max(as_of_date) as as_of_date from history),
h as (select history.* from history inner join as_of on history.as_of_date <= as_of.as_of_date),
current_rows as (select h.* from h inner join as_of on h.as_of_date = as_of.as_of_date),
left_segment as (
  select h.account_id, max(h.as_of_date) as left_at
  from h inner join current_rows on h.account_id = current_rows.account_id
  where coalesce(h.segment_id, -2) != coalesce(current_rows.segment_id, -2)
  group by h.account_id),
entered as (
  select h.account_id, min(h.as_of_date) as segment_entered_at
  from h left join left_segment on h.account_id = left_segment.account_id
  where left_segment.left_at is null or h.as_of_date > left_segment.left_at
  group by h.account_id)
select entered.account_id, entered.segment_entered_at, h.segment_name as previous_segment_name
from entered
left join left_segment on entered.account_id = left_segment.account_id
left join h on left_segment.account_id = h.account_id and left_segment.left_at = h.as_of_date
"""
for name, q in [("window", WIN), ("aggregate", AGG), ("window", WIN), ("aggregate", AGG)]:
    t = time.time(); con.execute(f"create or replace temp table r_{name} as {q}"); print(name, round(time.time() - t, 1), flush=True)
print(con.sql("select count(*) from (select * from r_window except all select * from r_aggregate)").fetchall(),
      con.sql("select count(*) from (select * from r_aggregate except all select * from r_window)").fetchall(),
      con.sql("select count(*), count(previous_segment_name) from r_window").fetchall())
