#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here).
# full builds at 1M alternating before (8b90666 tree, PYTHONPATH to its src) and after (the checkout)
set -u
RAW=/tmp/s27/benchout/raw_1000000
mkdir -p /tmp/s27/aside
mv $RAW/events/part-new-*.parquet /tmp/s27/aside/
export RAW_DATA_DIR=$RAW DBT_PROFILES_DIR=/work/main
for round in 1 2; do
  for side in before after; do
    OUT=/tmp/s27/ab_$side$round; mkdir -p $OUT; rm -f $OUT/w.duckdb*
    if [ $side = before ]; then PROJ=/tmp/s27/tree_before; PP=/tmp/s27/tree_before/src; else PROJ=/work/main; PP=; fi
    (cd $PROJ && DUCKDB_PATH=$OUT/w.duckdb PYTHONPATH=$PP /usr/bin/time -v /work/main/.venv/bin/dbt build --project-dir $PROJ --target-path $OUT/target --log-path $OUT/logs > $OUT/out 2> $OUT/time)
    grep Elapsed $OUT/time | sed "s#^#$side$round #"
    rm -f $OUT/w.duckdb*
  done
done
mv /tmp/s27/aside/part-new-*.parquet $RAW/events/
