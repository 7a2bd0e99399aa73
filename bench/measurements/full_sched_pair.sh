#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here).
# full build then scheduled run at 1M, by hand, from the checkout in $1 (its src on PYTHONPATH)
set -u
SRC=$1; OUT=$2
RAW=/tmp/s28/raw_1000000
mkdir -p $OUT /tmp/s28/aside
mv $RAW/events/part-new-2026-10-01.parquet /tmp/s28/aside/
rm -f $OUT/w.duckdb*
cd $SRC
export PYTHONPATH=$SRC/src DUCKDB_PATH=$OUT/w.duckdb RAW_DATA_DIR=$RAW DBT_PROFILES_DIR=$SRC
/usr/bin/time -v /work/main/.venv/bin/dbt build --target-path $OUT/target_full --log-path $OUT/logs_full > $OUT/full.out 2> $OUT/full.time
mv /tmp/s28/aside/part-new-2026-10-01.parquet $RAW/events/
/usr/bin/time -v /work/main/.venv/bin/dbt build --target-path $OUT/target_sched --log-path $OUT/logs_sched > $OUT/sched.out 2> $OUT/sched.time
echo done
