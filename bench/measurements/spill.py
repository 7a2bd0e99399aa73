# One-off measurement script, kept as it was run (see README.md here). Scratch files in /tmp/p3.
import duckdb, time, json, sys, os, threading, shutil
sql = open(sys.argv[1]).read().replace('"empty".', '"w".')
for f in ('/tmp/p3/out.duckdb', '/tmp/p3/out.duckdb.wal'):
    if os.path.exists(f): os.remove(f)
shutil.rmtree('/tmp/p3/spill', ignore_errors=True)
c = duckdb.connect('/tmp/p3/out.duckdb')
c.sql(f"attach '{sys.argv[2]}' as w (read_only)")
c.sql(f"set threads=2; set memory_limit='{sys.argv[3]}'; set preserve_insertion_order=false; set TimeZone='UTC'; set temp_directory='/tmp/p3/spill'")
c.sql("pragma enable_profiling='json'; pragma profiling_output='/tmp/p3/prof.json'")
peak = {'spill': 0}; stop = False
def mon():
    t0 = time.time()
    while not stop:
        s = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk('/tmp/p3/spill') for f in fs) if os.path.exists('/tmp/p3/spill') else 0
        if s > peak['spill']: peak['spill'] = s
        print(f"  t={time.time()-t0:.0f}s spill={s/1e9:.2f}GB out={os.path.getsize('/tmp/p3/out.duckdb')/1e9:.2f}GB", flush=True)
        time.sleep(10)
th = threading.Thread(target=mon, daemon=True); th.start()
s = time.time(); c.sql("create table x as " + sql); print("total", round(time.time()-s, 1), "peak spill GB", round(peak['spill']/1e9, 2), flush=True)
stop = True
c.sql("pragma disable_profiling")
p = json.load(open('/tmp/p3/prof.json'))
def walk(n, d=0):
    extra = n.get('extra_info', {})
    info = {k: v for k, v in extra.items() if k in ('Table', 'Conditions', 'Join Type', 'CTE Name', 'Execution Mode', 'Function')}
    print('  '*d + f"{n.get('type')} t={n.get('timing', 0):.2f}s rows={n.get('intermediate_rows')} " + json.dumps(info)[:150])
    for ch in n.get('children', []): walk(ch, d+1)
for o in p['operator']: walk(o)
print(p['io'])
