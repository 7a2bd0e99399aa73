# One-off measurement script, kept as it was run (see README.md here).
# base_product__events' full-build query (the SQL of the d81511d build by hand) written into a new DuckDB file at 1M,
# with DuckDB's compression setting given as the argument: '' (default), a list for disabled_compression_methods,
# or force:<method> for force_compression. Prints the write time, a checkpoint's time and the file's size.
import duckdb, time, sys, os, re
sql = open('/tmp/s25/b1/target_full/run/behavioral_segmentation/models/staging/base/base_product__events.sql').read()
sql = sql.replace('"w"."staging"."base_product__events"', 'main.ev')
sql = sql.replace('"w"."staging"."base_crm__accounts"', 'src.staging.base_crm__accounts')
setting = sys.argv[1]
path = f'/tmp/s26/t_{setting.replace(",","_") or "default"}.duckdb'
for p in (path, path + '.wal'):
    if os.path.exists(p): os.remove(p)
c = duckdb.connect(path)
c.execute("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false; set TimeZone='UTC'")
c.execute("attach '/tmp/s25/benchout/tier_1000000/warehouse.duckdb' as src (read_only)")
if setting.startswith("force:"): c.execute(f"set force_compression='{setting[6:]}'")
elif setting: c.execute(f"set disabled_compression_methods='{setting}'")
t = time.time(); c.execute(sql); t1 = time.time() - t
t = time.time(); c.execute("checkpoint"); t2 = time.time() - t
c.close()
print(setting or 'default', round(t1, 1), round(t2, 1), round(os.path.getsize(path) / 2**30, 2), 'GiB', flush=True)
