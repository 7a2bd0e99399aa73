# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import json
p=json.load(open('/tmp/p1/prof.json'))
def walk(n, d=0):
    extra = n.get('extra_info', {})
    info = {k: v for k, v in extra.items() if k in ('Table','Projections','Conditions','Join Type','Expression','Groups','Function','Aggregates','CTE Name')}
    t=n.get('timing',0); r=n.get('intermediate_rows',0)
    if t>0.3 or (r or 0)>1e6: print('  '*d + f"{n.get('type')} t={t:.2f}s rows={r} " + json.dumps(info)[:200])
    for ch in n.get('children', []): walk(ch, d+1)
for o in p['operator']: walk(o)
print(p['io'], p['query'].get('latency', ''))
