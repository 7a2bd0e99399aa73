# One-off measurement script, kept as it was run (see README.md here).
# What trimming one text column of the 1M tier's raw events costs: a hash of the column as it is, trimmed,
# and with the check clean_string uses on DuckDB since 19efc00 (alt len) or a variant (alt2 right).
import duckdb, time
c = duckdb.connect()
c.execute("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false; set TimeZone='UTC'")
raw = "read_parquet('/work/main/bench/out/raw_1000000/events/*.parquet', union_by_name = true)"
def alt(x): return f"(case when {x} = '' or starts_with({x}, ' ') or ends_with({x}, ' ') or length({x}) <> strlen({x}) then nullif(trim({x}), '') else {x} end)"
def alt2(x): return f"(case when {x} = '' or starts_with({x}, ' ') or ends_with({x}, ' ') or {x} >= chr(128) or not (right({x},1) < chr(128)) then nullif(trim({x}), '') else {x} end)"
for col in ['event_id', 'user_id', 'session_id']:
  for k, q in {
   'plain': f"select sum(hash({col})) from {raw}",
   'trim': f"select sum(hash(nullif(trim({col}),''))) from {raw}",
   'alt len': f"select sum(hash({alt(col)})) from {raw}",
   'alt2 right': f"select sum(hash({alt2(col)})) from {raw}",
  }.items():
    t = time.time(); r = c.execute(q).fetchall(); print(col, k, round(time.time() - t, 1), r, flush=True)
