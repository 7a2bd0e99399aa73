# One-off measurement script, kept as it was run (see README.md here).
# base_product__events' full-build SQL (dbt compile --full-refresh) as a table in a new file, with DuckDB's
# profile; prints the operators. Usage: prof_base.py <compiled.sql>. The printing part was rewritten after
# the run (the profile's keys are "operator", "timing", "type"), as below.
import duckdb, time, json, os, sys
p='/tmp/s22/pb.duckdb'
for x in (p, p+'.wal'):
    if os.path.exists(x): os.remove(x)
c=duckdb.connect(p)
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
c.sql("attach '/tmp/s22/b1m/warehouse.duckdb' as warehouse (read_only)")
sql=open(sys.argv[1]).read()
c.sql("pragma enable_profiling='json'; pragma profiling_output='/tmp/s22/pb_prof.json'; set profiling_mode='detailed'")
t=time.time(); c.sql(f"create table main.r as {sql}"); print('ctas', round(time.time()-t,1), flush=True)
c.sql("pragma disable_profiling")
j = json.load(open('/tmp/s22/pb_prof.json'))
def walk(n, d=0):
    t = n.get('timing', 0)
    if t > 0.3:
        info = n.get('extra_info', {})
        print(f"{'  '*d}{n.get('type')} {t:.1f}s rows={n.get('intermediate_rows')} {str(info.get('CTE Name', '') or info.get('Function', ''))[:40]}")
    for c in n.get('children', []):
        walk(c, d + 1)
for o in j['operator']:
    walk(o)
print({k: j[k] for k in ('io', 'storage', 'system') if k in j})
