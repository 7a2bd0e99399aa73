#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here).
# full build then scheduled run at 1M, by hand
set -u
cd /work/main
OUT=$1
RAW=/work/main/bench/out/raw_1000000
mkdir -p /tmp/s24/aside
mv $RAW/events/part-new-2026-10-01.parquet /tmp/s24/aside/
rm -f $OUT/w.duckdb*
export DUCKDB_PATH=$OUT/w.duckdb RAW_DATA_DIR=$RAW DBT_PROFILES_DIR=/work/main
/usr/bin/time -v .venv/bin/dbt build --target-path $OUT/target_full --log-path $OUT/logs_full > $OUT/full.out 2> $OUT/full.time
mv /tmp/s24/aside/part-new-2026-10-01.parquet $RAW/events/
/usr/bin/time -v .venv/bin/dbt build --target-path $OUT/target_sched --log-path $OUT/logs_sched > $OUT/sched.out 2> $OUT/sched.time
echo done
