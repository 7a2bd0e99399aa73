# One-off measurement script, kept as it was run (see README.md here).
# base_product__events' full-build SQL as a table in a new database file, written four ways:
#   A as compiled; B without session_id; C with FSST compression disabled; D with every column uncompressed.
# Then one grouping that reads the table as the daily rollup does, and the file's size.
# Usage: base_write.py <compiled.sql> <warehouse.duckdb> <scratch dir> <variant>...
import duckdb, os, sys, time

sql_file, warehouse, scratch, *variants = sys.argv[1:]
sql = open(sql_file).read()
settings = {
    'A': '', 'B': '',
    'C': "set disabled_compression_methods='fsst';",
    'D': "set force_compression='uncompressed';",
}
for v in variants:
    p = os.path.join(scratch, f'bw_{v}.duckdb')
    for x in (p, p + '.wal'):
        if os.path.exists(x):
            os.remove(x)
    c = duckdb.connect(p)
    c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC';" + settings[v])
    c.sql(f"attach '{warehouse}' as warehouse (read_only)")
    body = f"select * exclude (session_id) from ({sql})" if v == 'B' else sql
    t = time.time()
    c.sql(f"create table main.r as {body}")
    c.sql("checkpoint")
    write = time.time() - t
    t = time.time()
    n = c.sql("select count(*) from (select account_id, cast(occurred_at as date) as d, count(*) as n, "
              "count(distinct user_id) as u from main.r where quarantine_rule is null group by all)").fetchall()[0][0]
    read = time.time() - t
    c.close()
    size = os.path.getsize(p)
    print(f'{v}: write {write:.1f} s, read {read:.1f} s ({n} account-days), file {size / 1e9:.2f} GB', flush=True)
    os.remove(p)
