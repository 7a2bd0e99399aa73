#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here).
# A dbt run of two small models on the 10k warehouse, with dbt's anonymous usage tracking on, then off, four times.
cd /work/main
for i in 1 2 3 4; do for t in 0 1; do s=$(date +%s.%N); if [ $t = 1 ]; then export DO_NOT_TRACK=1; else unset DO_NOT_TRACK; fi; RAW_DATA_DIR=bench/out/raw_10000 DUCKDB_PATH=/tmp/s21/ab/new2.duckdb .venv/bin/dbt run -q -s int_as_of_dates int_source_availability >/dev/null 2>&1; e=$(date +%s.%N); echo "track_off=$t $(echo "$e - $s" | bc)"; done; done
