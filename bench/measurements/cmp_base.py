# One-off measurement script, kept as it was run (see README.md here). Scratch files in /tmp/p3.
import duckdb, sys
c = duckdb.connect()
c.sql("attach 'bench/out/tier_1000000/warehouse.duckdb' as w (read_only)")
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
for name in sys.argv[1:]:
    c.sql(f"create temp table {name} as " + open(f'/tmp/p3/{name}.sql').read().replace('"empty".', '"w".'))
a, b = sys.argv[1:3]
print(c.sql(f"select (select count(*) from {a}) n_a, (select count(*) from {b}) n_b, (select count(*) from (select * from {a} except all select * from {b})) a_not_b, (select count(*) from (select * from {b} except all select * from {a})) b_not_a").fetchall())
