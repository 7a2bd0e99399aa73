# One-off measurement script, kept as it was run (see README.md here).
# The daily rollup's distinct users and sessions for one block of three months at 1M: of the ids, then of their hashes.
import duckdb, time
con = duckdb.connect()
con.execute("attach 'bench/out/tier_1000000/warehouse.duckdb' as w (read_only)")
con.execute("set memory_limit='6GB'; set threads=2; set temp_directory='/tmp/s21/spill'; set preserve_insertion_order=false")
cond = "occurred_at >= timestamp '2026-07-01' and occurred_at < timestamp '2026-10-02'"
base = f"select account_id, cast(occurred_at as date) as d, user_id, session_id from w.staging.stg_product__events where {cond}"
Q = {
 "strings": f"select account_id, d, count(*) n, count(distinct user_id) u, count(distinct session_id) s from ({base}) group by 1, 2",
 "hashes": f"select account_id, d, count(*) n, count(distinct hash(user_id)) u, count(distinct hash(session_id)) s from ({base}) group by 1, 2",
}
for rep in range(2):
    for name, q in Q.items():
        t = time.time(); con.execute(f"create or replace temp table r_{name} as {q}"); print(name, round(time.time() - t, 1), flush=True)
print(con.sql("select count(*) from (select * from r_strings except all select * from r_hashes)").fetchall(), con.sql("select count(*) from r_strings").fetchall())
