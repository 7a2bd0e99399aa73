# One-off measurement script, kept as it was run (see README.md here, section "Purchase days, billed seats,
# lookalike history"). Run from the repository root; scratch files in /tmp/s20.
import duckdb, time, sys
c = duckdb.connect()
c.sql("attach 'bench/out/tier_1000000/warehouse.duckdb' as w (read_only)")
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false")
if "NOJF" in __import__("os").environ: c.sql("set disabled_optimizers='join_filter_pushdown'")
c.sql("create temp table ids as select distinct event_id from w.staging.base_product__events where occurred_date >= date '2026-09-28'")
rf = "reread_from as (select cast(max(occurred_date) - 3 as date) as first_date from w.staging.base_product__events where contract_rule is null), changed_days as (select date '1900-01-02' as occurred_date where false)"
qs = {
 'const': "select count(*) from (select distinct s.event_id, s.occurred_date from w.staging.base_product__events s join ids on s.event_id = ids.event_id where s.occurred_date < date '2026-09-28' and s.occurred_at is not null)",
 'cross': f"with {rf} select count(*) from (select distinct s.event_id, s.occurred_date from w.staging.base_product__events s cross join reread_from join ids on s.event_id = ids.event_id where s.occurred_date < reread_from.first_date and s.occurred_at is not null and s.occurred_date not in (select occurred_date from changed_days))",
 'inner_first': f"with {rf} select count(*) from (select distinct s.event_id, s.occurred_date from (select * from w.staging.base_product__events where event_id in (select event_id from ids)) s cross join reread_from where s.occurred_date < reread_from.first_date and s.occurred_at is not null and s.occurred_date not in (select occurred_date from changed_days))",
 'scalar': f"with {rf} select count(*) from (select distinct s.event_id, s.occurred_date from w.staging.base_product__events s join ids on s.event_id = ids.event_id where s.occurred_date < (select first_date from reread_from) and s.occurred_at is not null and s.occurred_date not in (select occurred_date from changed_days))",
}
for name in sys.argv[1:]:
    t = time.time(); r = c.sql(qs[name]).fetchall(); print(name, round(time.time()-t, 1), r, flush=True)
