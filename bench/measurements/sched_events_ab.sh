#!/bin/bash
# One-off measurement script, kept as it was run (see README.md here, section "Stored ids looked up with
# the first re-read day as a join condition").
# dbt run -s base_product__events (scheduled, incremental) alternating two checkouts on one 1M warehouse
set -u
W=$1; shift
RAW=/tmp/s28/benchout/raw_1000000
for i in 1 2 3; do
  for c in "$@"; do
    cd $c
    PYTHONPATH=$c/src DUCKDB_PATH=$W RAW_DATA_DIR=$RAW DBT_PROFILES_DIR=$c /work/main/.venv/bin/dbt run -s base_product__events --target-path /tmp/s30/abt_$(basename $c) --log-path /tmp/s30/abl > /dev/null
    python3 -c "import json;r=json.load(open('/tmp/s30/abt_$(basename $c)/run_results.json'));print('$(basename $c)', $i, round([x for x in r['results'] if x['unique_id'].startswith('model.')][0]['execution_time'],2))"
  done
done
