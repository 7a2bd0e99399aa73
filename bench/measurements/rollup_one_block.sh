#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here).
# The daily rollup's full rebuild alone on the 1M warehouse of full_sched_pair.sh, alternating the default blocks
# of days with other rollup_rows_per_block values.
set -u
OUT=$1; shift
cd /tmp/s28/base
export PYTHONPATH=/tmp/s28/base/src DUCKDB_PATH=$OUT/w.duckdb RAW_DATA_DIR=/tmp/s28/raw_1000000 DBT_PROFILES_DIR=/tmp/s28/base
for rows in "$@"; do
  ( while sleep 2; do du -sb $OUT/w.duckdb.tmp 2>/dev/null | cut -f1; done ) > $OUT/spill_$rows.txt &
  SP=$!
  /usr/bin/time -v /work/main/.venv/bin/dbt run -s int_account_activity_daily --full-refresh \
    --vars "{rollup_rows_per_block: $rows}" --target-path $OUT/target_roll --log-path $OUT/logs_roll > $OUT/roll.out 2> $OUT/roll.time
  kill $SP
  echo "rows_per_block=$rows $(grep -o 'OK created.*' $OUT/roll.out | head -1) wall=$(grep Elapsed $OUT/roll.time | awk '{print $NF}') rss_kb=$(grep Maximum $OUT/roll.time | awk '{print $NF}') spill_max=$(sort -n $OUT/spill_$rows.txt | tail -1)"
done
