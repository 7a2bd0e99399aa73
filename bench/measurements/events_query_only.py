# One-off measurement script, kept as it was run (see README.md here).
# base_product__events' full-build query (the SQL of the d81511d build by hand) at 1M without writing it: a
# count, and a hash of every output column.
import duckdb, time, re
sql = open('/tmp/s25/b1/target_full/run/behavioral_segmentation/models/staging/base/base_product__events.sql').read()
sql = sql.replace('"w"."staging"."base_crm__accounts"', 'src.staging.base_crm__accounts')
body = sql[sql.index('as (') + 4: sql.rindex(')')]
c = duckdb.connect()
c.execute("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false; set TimeZone='UTC'")
c.execute("attach '/tmp/s25/benchout/tier_1000000/warehouse.duckdb' as src (read_only)")
for name, q in [
  ('count', f"select count(*) from ({body})"),
  ('hash all cols', f"select sum(hash(event_id, account_id, user_id, event_name, occurred_at, session_id, occurred_at_raw, contract_rule, id_rank, quarantine_rule, occurred_date)) from ({body})"),
]:
    t = time.time(); c.execute(q).fetchall(); print(name, round(time.time() - t, 1), flush=True)
