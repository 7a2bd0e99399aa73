# One-off measurement script, kept as it was run (see README.md here).
# Each variant of rollup_variants.py as a table in a new database file, reading the 1M warehouse; usage: rollup_run.py B C A B C
import duckdb, time, sys, os
for v in sys.argv[1:]:
    p=f'/tmp/s22/rv_{v}.duckdb'
    for x in (p, p+'.wal'):
        if os.path.exists(x): os.remove(x)
    c=duckdb.connect(p)
    c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
    c.sql("attach '/work/main/bench/out/tier_1000000/warehouse.duckdb' as warehouse (read_only)")
    sql=open(f'/tmp/s22/roll_{v}.sql').read()
    t=time.time(); c.sql(f"create table main.r as {sql}"); el=time.time()-t
    n=c.sql("select count(*) from main.r").fetchall()[0][0]
    print(v, n, round(el,1), flush=True)
    c.close()
