#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here).
# At 1M: a full build, then the scheduled run after one appended day twice on copies of the same warehouse:
# A as the project runs it, and B with sched_without_training.patch applied (as-of dates T only; the
# latest stored champions score T) and the training and validation models left out.
# usage: sched_without_training.sh <clean clone> <scratch dir> <raw dir>
set -eu
SRC=$1; OUT=$2; RAW=$3
HERE=$(cd "$(dirname "$0")" && pwd)
DBT=/work/main/.venv/bin/dbt
PY=/work/main/.venv/bin/python
mkdir -p "$OUT"
rm -f "$OUT"/w.duckdb* "$OUT"/w0.duckdb "$RAW"/events/part-new-*.parquet
cd "$SRC"
export PYTHONPATH=$SRC/src DUCKDB_PATH=$OUT/w.duckdb RAW_DATA_DIR=$RAW DBT_PROFILES_DIR=$SRC \
  DBT_LOG_PATH=$OUT/logs EXPORTS_DIR=$OUT/exports PUBLISHED_DUCKDB_PATH=$OUT/pub.duckdb
run() {  # run <name> <dbt args...>: timed, with its run_results.json kept as rr_<name>.json
  local name=$1; shift
  /usr/bin/time -v $DBT build --target-path "$OUT/target_$name" "$@" > "$OUT/$name.log" 2> "$OUT/$name.time"
  cp "$OUT/target_$name/run_results.json" "$OUT/rr_$name.json"
  echo "$name: $(grep -E 'Elapsed' "$OUT/$name.time" | awk '{print $NF}') wall, $(grep -E 'Maximum resident' "$OUT/$name.time" | awk '{print $NF}') kB peak; $(tail -1 "$OUT/$name.log")"
}
run full
cp "$OUT/w.duckdb" "$OUT/w0.duckdb"
$PY -c "from pathlib import Path; from segmentation.bench import append_one_day; print(append_one_day(Path('$RAW')))"
run A
cp "$OUT/w0.duckdb" "$OUT/w.duckdb"
git apply "$HERE/sched_without_training.patch"
run B --exclude ml_model_runs ml_segment_validation segment_validation
git checkout -q .
rm -f "$RAW"/events/part-new-*.parquet
