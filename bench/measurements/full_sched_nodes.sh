#!/usr/bin/env bash
# One-off measurement script, kept as it was run (see README.md here): a full build into a new warehouse,
# one appended day, the scheduled build; run_results.json of each kept as full_results.json and sched_results.json.
# usage: measure.sh REPO OUTDIR  -- full build, append a day, scheduled run; per-node times kept
set -euo pipefail
REPO=$1; OUT=$2
RAW=/tmp/b/raw_1000000
mkdir -p $OUT; rm -rf $OUT/*
cd $REPO
export DUCKDB_PATH=$OUT/warehouse.duckdb RAW_DATA_DIR=$RAW DBT_PROFILES_DIR=$REPO DBT_TARGET_PATH=$OUT/target DBT_LOG_PATH=$OUT/logs EXPORTS_DIR=$OUT/exports
PY=/work/main/.venv/bin/python
$PY - <<PYEOF
from pathlib import Path
from segmentation.bench import remove_appended_days, prepare_raw
import os
raw=Path("$RAW")
if (raw/"events.parquet").exists():
    (raw/"events").mkdir(exist_ok=True); (raw/"events.parquet").rename(raw/"events"/"part-00000.parquet")
remove_appended_days(raw)
PYEOF
/usr/bin/time -v /work/main/.venv/bin/dbt build > $OUT/full.out 2> $OUT/full.time
cp $OUT/target/run_results.json $OUT/full_results.json
$PY -c "from segmentation.bench import append_one_day; from pathlib import Path; print(append_one_day(Path('$RAW')))"
/usr/bin/time -v /work/main/.venv/bin/dbt build > $OUT/sched.out 2> $OUT/sched.time
cp $OUT/target/run_results.json $OUT/sched_results.json
grep -h "Elapsed\|Maximum resident" $OUT/full.time $OUT/sched.time
