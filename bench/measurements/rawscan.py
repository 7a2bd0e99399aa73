# One-off measurement script, kept as it was run (see README.md here, section "Purchase days, billed seats,
# lookalike history"). Run from the repository root; scratch files in /tmp/s20.
import duckdb, time, sys
c = duckdb.connect()
c.sql("attach '/work/main/bench/out/tier_1000000/warehouse.duckdb' as w (read_only)")
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
raw = "read_parquet('/work/main/bench/out/raw_1000000/events/*.parquet')"
agg = "select count(*), max(event_id), max(account_id), max(user_id), max(event_name), max(session_id) from "
parsed = "cast(case when typeof(occurred_at) in ('TIMESTAMP') then cast(occurred_at as timestamp) else cast(try_cast(occurred_at as timestamptz) as timestamp) end as date)"
qs = {
 'literal': f"{agg} {raw} where {parsed} is null or {parsed} >= date '2026-09-28'",
 'literal_raw': f"{agg} {raw} where occurred_at is null or occurred_at >= timestamp '2026-09-28'",
 'subq': f"with rf as (select cast(max(occurred_date) - 3 as date) as first_date from w.staging.base_product__events where contract_rule is null) {agg} (select s.*, {parsed} as pd from {raw} s) x cross join rf where x.pd is null or x.pd >= rf.first_date",
}
for name in sys.argv[1:]:
    t = time.time(); r = c.sql(qs[name]).fetchall(); print(name, round(time.time()-t, 1), r[0][0], flush=True)
