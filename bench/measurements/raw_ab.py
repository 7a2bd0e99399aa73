# One-off measurement script, kept as it was run (see README.md here).
# base_<table>'s full-build SQL (as compiled) written as a table into a new file, as compiled (A) and
# with the *_raw columns kept on quarantined rows only (B); the 1M warehouse attached read only as "w"
import duckdb, sys, time, os, re
sql_path, warehouse, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
sql = open(sql_path).read()
raw_cols = sorted(set(re.findall(r"as ([a-z_]+_raw)\b", sql)))
for variant in sys.argv[4:]:
    path = f"{out_dir}/ab_{variant}.duckdb"
    for p in (path, path + ".wal"):
        if os.path.exists(p): os.remove(p)
    con = duckdb.connect(path)
    con.execute("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false; set TimeZone='UTC'")
    con.execute(f"attach '{warehouse}' as w (read_only)")
    body = sql
    if variant == "B":
        repl = ", ".join(f"case when quarantine_rule is not null then {c} end as {c}" for c in raw_cols)
        body = f"select * replace ({repl}) from ({sql}) as compiled"
    t = time.perf_counter()
    con.execute(f"create table t as {body}")
    con.execute("checkpoint")
    took = time.perf_counter() - t
    n = con.execute("select count(*), count(quarantine_rule) from t").fetchall()[0]
    con.close()
    print(os.path.basename(sql_path), variant, round(took, 1), "s", n, round(os.path.getsize(path) / 1e9, 3), "GB", flush=True)
