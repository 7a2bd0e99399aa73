#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here).
# two more full builds at 1M of the checkout, as the "after" builds of full_ab_hashes.sh
set -u
RAW=/tmp/s27/benchout2/raw_1000000
mkdir -p /tmp/s27/aside
mv $RAW/events/part-new-*.parquet /tmp/s27/aside/
export RAW_DATA_DIR=$RAW DBT_PROFILES_DIR=/work/main
for round in 3 4; do
  OUT=/tmp/s27/ab_after$round; mkdir -p $OUT; rm -f $OUT/w.duckdb*
  (cd /work/main && DUCKDB_PATH=$OUT/w.duckdb /usr/bin/time -v /work/main/.venv/bin/dbt build --target-path $OUT/target --log-path $OUT/logs > $OUT/out 2> $OUT/time)
  grep Elapsed $OUT/time | sed "s#^#after$round #"
  rm -f $OUT/w.duckdb*
done
mv /tmp/s27/aside/part-new-*.parquet $RAW/events/
