# One-off measurement script, kept as it was run (see README.md here, section "Stored ids looked up with
# the first re-read day as a join condition").
# the scheduled base events query before and after, on one warehouse: row counts and except all both ways
import duckdb, sys
a, b = open(sys.argv[1]).read(), open(sys.argv[2]).read()
con = duckdb.connect()
con.execute("attach '/tmp/s29/r1/w.duckdb' as w (read_only)")
con.execute("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
con.execute(f"create temp table a as {a}")
con.execute(f"create temp table b as {b}")
print(con.execute("select (select count(*) from a), (select count(*) from b), (select count(*) from (select * from a except all select * from b)), (select count(*) from (select * from b except all select * from a))").fetchone())
