# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time, json, sys
sql = open(sys.argv[1]).read().replace('"warehouse".', '"w".')
c = duckdb.connect()
c.sql(f"attach '{sys.argv[2]}' as w (read_only)")
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
c.sql("pragma enable_profiling='json'; pragma profiling_output='/tmp/p1/prof.json'")
s=time.time(); c.sql("create temp table tmpx as " + sql); print("total", round(time.time()-s,1))
c.sql("pragma disable_profiling")
p=json.load(open('/tmp/p1/prof.json'))
def walk(n, d=0):
    name = n.get('operator_name') or n.get('operator_type') or n.get('name')
    extra = n.get('extra_info', {})
    info = {k: v for k, v in extra.items() if k in ('Table','Projections','Conditions','Join Type','Expression','Groups','Function','Aggregates','CTE Name')}
    print('  '*d + f"{name} t={n.get('operator_timing',0):.2f}s rows={n.get('operator_cardinality')} " + json.dumps(info)[:230])
    for ch in n.get('children', []): walk(ch, d+1)
walk(p)
