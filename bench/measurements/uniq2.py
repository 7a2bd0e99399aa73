# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time
c = duckdb.connect('bench/out/tier_1000000/warehouse.duckdb', read_only=True)
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false")
m = "intermediate.int_account_activity_daily"
plain = f"select account_id, activity_date, count(*) from {m} group by account_id, activity_date having count(*) > 1"
hashed = f"""with repeated_hashes as materialized (select hash(account_id, activity_date) as key_hash from {m} group by 1 having count(*) > 1)
select account_id, activity_date, count(*) from {m} semi join repeated_hashes on hash(account_id, activity_date) = repeated_hashes.key_hash group by account_id, activity_date having count(*) > 1"""
for name, q in [("plain", plain), ("hashed", hashed), ("plain", plain), ("hashed", hashed)]:
    t = time.time(); r = c.sql(f"select count(*) from ({q})").fetchall(); print(name, r, round(time.time() - t, 1), flush=True)
