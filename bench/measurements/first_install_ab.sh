#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here).
# First installs at 10k, alternating two worktrees (before: bceb288, after: a03fdbf).
# alternate first installs at 10k: old, new, old, new
for i in 1 2; do
  for v in old new; do
    cd /tmp/s21/wt_$v
    rm -f /tmp/s21/ab/$v$i.duckdb /tmp/s21/ab/published_$v$i.duckdb
    RAW_DATA_DIR=/work/main/bench/out/raw_10000 DUCKDB_PATH=/tmp/s21/ab/$v$i.duckdb PUBLISHED_DUCKDB_PATH=/tmp/s21/ab/published_$v$i.duckdb PYTHONPATH=/tmp/s21/wt_$v/src \
      /usr/bin/time -v /work/main/.venv/bin/python -m segmentation.backfill --months 12 > /tmp/s21/ab/$v$i.log 2>&1
    echo "$v$i $(grep -E 'Elapsed|Exit status' /tmp/s21/ab/$v$i.log | tr '\n' ' ')" >> /tmp/s21/ab/summary.txt
  done
done
