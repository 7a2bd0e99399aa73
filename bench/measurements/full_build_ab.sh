#!/usr/bin/env bash
# One-off measurement script, kept as it was run (see README.md here): full builds of two checkouts into new
# warehouses, alternating A B A B, on the same raw files; wall time and peak memory under /usr/bin/time -v.
# usage: full_build_ab.sh <checkout A> <checkout B> <raw dir> <scratch dir>
set -euo pipefail
A=$1; B=$2; RAW=$3; OUT=$4
for round in 1 2; do
  for side in A B; do
    repo=$A; [ "$side" = B ] && repo=$B
    dir=$OUT/$side$round; rm -rf "$dir"; mkdir -p "$dir"
    cd "$repo"
    PYTHONPATH=$repo/src DUCKDB_PATH=$dir/warehouse.duckdb RAW_DATA_DIR=$RAW DBT_PROFILES_DIR=$repo \
      DBT_TARGET_PATH=$dir/target DBT_LOG_PATH=$dir/logs EXPORTS_DIR=$dir/exports \
      /usr/bin/time -v /work/main/.venv/bin/dbt build > "$dir/build.out" 2> "$dir/build.time"
    echo "$side$round $(grep -h 'Elapsed' "$dir/build.time") $(grep -h 'Maximum resident' "$dir/build.time")"
    rm -f "$dir/warehouse.duckdb"
  done
done
