# One-off measurement script, kept as it was run (see README.md here).
# A model's compiled SQL (argv[1]) as a table in a new file, with DuckDB's profile; the warehouse of
# full_sched_pair.sh attached read-only as w; EXTRA, when set, is run first (a setting).
import duckdb, time, json, os, sys
p = '/tmp/s28/pb.duckdb'
for x in (p, p + '.wal'):
    if os.path.exists(x): os.remove(x)
c = duckdb.connect(p)
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
if os.environ.get("EXTRA"): c.sql(os.environ["EXTRA"])
c.sql("attach '/tmp/s28/b0/w.duckdb' as w (read_only)")
sql = open(sys.argv[1]).read()
mode = sys.argv[2] if len(sys.argv) > 2 else 'ctas'
c.sql("pragma enable_profiling='json'; pragma profiling_output='/tmp/s28/pb_prof.json'; set profiling_mode='detailed'")
t = time.time()
if mode == 'ctas':
    c.sql(f"create table main.r as {sql}")
else:
    c.sql(f"select count(*) from ({sql})").fetchall()
print(mode, os.environ.get("EXTRA"), round(time.time() - t, 1), flush=True)
c.sql("pragma disable_profiling")
c.sql("checkpoint"); print("file GB", round(os.path.getsize(p)/1e9, 2))
j = json.load(open('/tmp/s28/pb_prof.json'))
def walk(n, d=0):
    t = n.get('operator_timing', n.get('timing', 0))
    if t > 0.3:
        info = n.get('extra_info', {})
        print(f"{'  '*d}{n.get('operator_type', n.get('type'))} {t:.1f}s rows={n.get('operator_cardinality', n.get('intermediate_rows'))} {str(info.get('CTE Name', '') or info.get('Function', '') or info.get('Table',''))[:40]}")
    for ch in n.get('children', []):
        walk(ch, d + 1)
for o in j.get('children', j.get('operator', [])):
    walk(o)
print({k: v for k, v in j.items() if k not in ('children', 'operator', 'query_name', 'extra_info')})
