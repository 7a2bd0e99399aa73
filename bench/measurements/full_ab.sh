#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here).
# full builds at 1M alternating before (6d96f37 tree, PYTHONPATH to its src) and after (the checkout)
set -u
RAW=/work/main/bench/out/raw_1000000
mkdir -p /tmp/s26/aside
mv $RAW/events/part-new-2026-10-01.parquet /tmp/s26/aside/
export RAW_DATA_DIR=$RAW DBT_PROFILES_DIR=/work/main
for round in 1 2; do
  for side in before after; do
    OUT=/tmp/s26/ab_$side$round; mkdir -p $OUT; rm -f $OUT/w.duckdb*
    if [ $side = before ]; then PROJ=/tmp/s26/tree_before; PP=/tmp/s26/tree_before/src; else PROJ=/work/main; PP=; fi
    (cd $PROJ && DUCKDB_PATH=$OUT/w.duckdb PYTHONPATH=$PP /usr/bin/time -v /work/main/.venv/bin/dbt build --project-dir $PROJ --target-path $OUT/target --log-path $OUT/logs > $OUT/out 2> $OUT/time)
    grep Elapsed $OUT/time | sed "s#^#$side$round #"
    rm -f $OUT/w.duckdb*
  done
done
mv /tmp/s26/aside/part-new-2026-10-01.parquet $RAW/events/
