# One-off measurement script, kept as it was run (see README.md here).
# Repeated 64-bit key hashes found by grouping (agg) and by sorting (sortlag), on the 8b90666 benchmark's 1M
# warehouse after its scheduled run, read only; run as: repeated_hashes.py events daily raw tx
import duckdb, time, sys
c = duckdb.connect('/tmp/s27/benchout/tier_1000000/warehouse.duckdb', read_only=True)
c.execute("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'; set temp_directory='/tmp/s27/spill'")
V = {
 'events': "(select hash(event_id) as h from staging.stg_product__events where event_id is not null)",
 'daily': "(select hash(account_id, activity_date) as h from intermediate.int_account_activity_daily)",
 'raw': "(select hash(event_id) as h from read_parquet('/tmp/s27/benchout/raw_1000000/events/*.parquet'))",
 'tx': "(select hash(transaction_id) as h from staging.base_billing__transactions)",
}
def agg(v): return f"select count(*) from (select h from {v} group by h having count(*) > 1)"
def sortlag(v): return f"select count(*) from (select distinct h from (select h, lag(h) over (order by h) as p from {v}) where h = p)"
for rep in range(2):
    for name in sys.argv[1:]:
        for f in (agg, sortlag):
            t = time.perf_counter(); r = c.execute(f(V[name])).fetchall(); print(name, f.__name__, round(time.perf_counter() - t, 1), r, flush=True)
print(c.execute("select count(*) from intermediate.int_account_activity_daily").fetchall())
