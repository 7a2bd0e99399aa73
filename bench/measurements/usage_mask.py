# One-off measurement script, kept as it was run (see README.md here).
# The daily rollup with and without the feature mask, and int_account_usage_summarized counting a window's
# features from the events (old) or from the masks (new), on a 1M warehouse attached read-only as "warehouse".
# Usage: usage_mask.py <scratch.duckdb> <old_rollup.sql> <new_rollup.sql> <old_usage.sql> <new_usage.sql>
# Each query is compiled by dbt (full refresh) against that warehouse; the new usage query reads the new
# rollup from the scratch file. Runs old, new, old, new; then compares the two usage tables.
import os
import sys
import time

import duckdb

scratch, old_rollup, new_rollup, old_usage, new_usage = sys.argv[1:]
for x in (scratch, scratch + '.wal'):
    if os.path.exists(x):
        os.remove(x)
name = os.path.splitext(os.path.basename(scratch))[0]
c = duckdb.connect(scratch)
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
c.sql("attach '/tmp/s23/b1m/warehouse.duckdb' as warehouse (read_only)")
rollup_ref = '"warehouse"."intermediate"."int_account_activity_daily"'
queries = {
    'rollup_old': open(old_rollup).read(),
    'rollup_new': open(new_rollup).read(),
    'usage_old': open(old_usage).read(),
    'usage_new': open(new_usage).read().replace(rollup_ref, f'{name}.main.rollup_new'),
}
for rnd in (1, 2):
    for table in ('rollup_old', 'rollup_new', 'usage_old', 'usage_new'):
        c.sql(f'drop table if exists {table}')
        t = time.time()
        c.sql(f'create table {table} as {queries[table]}')
        c.sql('checkpoint')
        n = c.sql(f'select count(*) from {table}').fetchall()[0][0]
        print(f'round {rnd} {table}: {time.time() - t:.1f} s, {n} rows', flush=True)
print('rollups equal on the old columns:', c.sql(
    "select count(*) from (select * from rollup_old except all select * exclude (feature_mask) from rollup_new)"
).fetchall()[0][0], c.sql(
    "select count(*) from (select * exclude (feature_mask) from rollup_new except all select * from rollup_old)"
).fetchall()[0][0])
print('feature_count = bits of feature_mask, rows that differ:', c.sql(
    "select count(*) from rollup_new where feature_count <> bit_count(feature_mask)").fetchall()[0][0])
print('usage tables, rows in one and not the other:', c.sql(
    "select count(*) from (select * from usage_old except all select * from usage_new)").fetchall()[0][0], c.sql(
    "select count(*) from (select * from usage_new except all select * from usage_old)").fetchall()[0][0])
