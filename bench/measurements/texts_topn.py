# One-off measurement script, kept as it was run (see README.md here).
# int_segment_texts' compiled SQL before (argv[1]) and after (argv[2]) as tables in one new file, on the
# warehouse argv[3] attached read-only, alternating, twice each; then the rows compared both ways.
import os, sys, time
import duckdb

before, after, warehouse = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
path = '/tmp/s29/texts.duckdb'
for x in (path, path + '.wal'):
    if os.path.exists(x): os.remove(x)
c = duckdb.connect(path)
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
c.sql(f"attach '{warehouse}' as w (read_only)")
for run in range(2):
    for name, sql in (('before', before), ('after', after)):
        c.sql(f"drop table if exists {name}")
        t = time.time()
        c.sql(f"create table {name} as {sql}")
        print(name, run, round(time.time() - t, 2), 's', flush=True)
print('rows', c.sql("select count(*) from before").fetchall()[0][0], c.sql("select count(*) from after").fetchall()[0][0])
print('before except all after', c.sql("select count(*) from (select * from before except all select * from after)").fetchall()[0][0])
print('after except all before', c.sql("select count(*) from (select * from after except all select * from before)").fetchall()[0][0])
print('per segment', c.sql("select segment_id, count(*) from after group by 1 order by 1").fetchall())
