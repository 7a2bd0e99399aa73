# One-off measurement script, kept as it was run (see README.md here, section "Stored ids looked up with
# the first re-read day as a join condition").
# A compiled query (argv[1]) counted on a 1M warehouse attached read-only as w, with DuckDB's JSON profile
# written to argv[2]; prints the wall time, the query's CPU time, the peak buffer memory and spill, and the
# joins, scans and aggregates with their operator time, rows and estimated rows.
import duckdb, sys, time, json
sql = open(sys.argv[1]).read()
con = duckdb.connect()
con.execute("attach '/tmp/s29/r1/w.duckdb' as w (read_only)")
con.execute("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
con.execute("set enable_profiling='json'")
con.execute(f"set profiling_output='{sys.argv[2]}'")
t = time.time()
con.execute(f"select count(*) from ({sql})").fetchall()
print(sys.argv[1], round(time.time() - t, 1), flush=True)
con.close()
p = json.load(open(sys.argv[2]))
print('cpu', round(p['query']['cpu_time'], 1), {k: p['system'][k] for k in ('peak_buffer_memory', 'peak_temp_dir_size')})
def walk(n, d=0):
    e = n.get('extra_info', {})
    if n['type'] in ('HASH_JOIN', 'HASH_GROUP_BY', 'TABLE_SCAN', 'NESTED_LOOP_JOIN') and n.get('timing', 0) > 0.2:
        print('  ' * d + n['type'], round(n['timing'], 2), n.get('intermediate_rows'), e.get('Estimated Cardinality'),
              e.get('Join Type', ''), e.get('Conditions', ''), str(e.get('Table', ''))[:40])
    for c in n.get('children', []):
        walk(c, d + 1)
for c in p['operator']:
    walk(c)
