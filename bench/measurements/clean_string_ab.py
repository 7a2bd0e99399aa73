# One-off measurement script, kept as it was run (see README.md here).
# base_product__events' full-build query written into a new DuckDB file at 1M, alternating: before = the SQL
# dbt ran in the d81511d build by hand, after = `dbt compile -s base_product__events` at 19efc00 (copied to
# /tmp/s26/new_events.sql). Each table's rows are hashed to compare them.
import duckdb, time, sys, os
old = open('/tmp/s25/b1/target_full/run/behavioral_segmentation/models/staging/base/base_product__events.sql').read()
old = old[old.index('as (') + 4: old.rindex(')')].replace('"w"."staging"."base_crm__accounts"', 'src.staging.base_crm__accounts')
new = open('/tmp/s26/new_events.sql').read().replace("'bench/out", "'/work/main/bench/out").replace('"compile"."staging"."base_crm__accounts"', 'src.staging.base_crm__accounts')
assert 'src.staging' in new and 'strlen' in new
for rnd in range(2):
    for name, body in (('before', old), ('after', new)):
        path = f'/tmp/s26/ab_{name}.duckdb'
        if os.path.exists(path): os.remove(path)
        c = duckdb.connect(path)
        c.execute("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false; set TimeZone='UTC'")
        c.execute("attach '/tmp/s25/benchout/tier_1000000/warehouse.duckdb' as src (read_only)")
        t = time.time(); c.execute(f"create table ev as ({body})"); el = time.time() - t
        h = c.execute("select count(*), sum(hash(event_id, account_id, user_id, event_name, occurred_at, session_id, occurred_at_raw, contract_rule, id_rank, quarantine_rule, occurred_date)) from ev").fetchone()
        c.close()
        print(name, round(el, 1), h, flush=True)
