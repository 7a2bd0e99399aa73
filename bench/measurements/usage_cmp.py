# One-off measurement script, kept as it was run (see README.md here): /tmp/p1/usage_old.sql and
# usage_new.sql are the compiled model before and after, with the database name replaced by "w".
# the usage summary's SQL, old and new, as temporary tables on the 1M warehouse; then except all both ways
import duckdb, time
c = duckdb.connect()
c.sql("attach '/work/main/bench/out/tier_1000000/warehouse.duckdb' as w (read_only)")
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'; set temp_directory='/tmp/p1/spill'")
for name in ('new', 'old', 'new', 'old'):
    q = open(f'/tmp/p1/usage_{name}.sql').read()
    t = time.time(); c.sql(f"create or replace temp table u_{name} as {q}"); print(name, round(time.time() - t, 1), c.sql(f"select count(*) from u_{name}").fetchall(), flush=True)
print('new except old', c.sql("select count(*) from (select * from u_new except all select * from u_old)").fetchall())
print('old except new', c.sql("select count(*) from (select * from u_old except all select * from u_new)").fetchall())
print('table except new', c.sql("select count(*) from (select * from w.intermediate.int_account_usage_summarized except all select * from u_new)").fetchall())
print('quiet pairs', c.sql("select count(*), count(last_activity_date) from u_new where active_days_90d = 0").fetchall())
