# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time
c = duckdb.connect('bench/out/tier_1000000/warehouse.duckdb', read_only=True)
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false")
for name, q in [
 ("plain", "select count(*) from (select event_id from staging.stg_product__events where event_id is not null group by event_id having count(*) > 1)"),
 ("hash", """with h as materialized (select hash(event_id) hh from staging.stg_product__events where event_id is not null group by 1 having count(*) > 1)
   select count(*) from (select event_id from staging.stg_product__events semi join h on hash(event_id) = h.hh group by event_id having count(*) > 1)"""),
 ("plain", "select count(*) from (select event_id from staging.stg_product__events where event_id is not null group by event_id having count(*) > 1)"),
 ("hash", """with h as materialized (select hash(event_id) hh from staging.stg_product__events where event_id is not null group by 1 having count(*) > 1)
   select count(*) from (select event_id from staging.stg_product__events semi join h on hash(event_id) = h.hh group by event_id having count(*) > 1)"""),
]:
    t=time.time(); r=c.sql(q).fetchall(); print(name, r, round(time.time()-t,1))
