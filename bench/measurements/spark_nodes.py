# One-off measurement script, kept as it was run (see README.md here): the Spark build's first dbt step
# (staging through the feature table) on the Spark test's dataset (600 accounts, seed 7), as of two
# consecutive days like tests/spark/conftest.py; each step's run_results.json kept as full_/sched_results.json.
# usage (from the repository root): .venv-spark/bin/python bench/measurements/spark_nodes.py OUTDIR
import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

out = Path(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
out.mkdir(parents=True)
os.environ.update(
    RAW_DATA_DIR=str(out / "raw"), DBT_PROFILES_DIR=os.getcwd(), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    OMP_NUM_THREADS="1", EXPORTS_DIR=str(out / "exports"), SPARK_HOME_DIR=str(out / "spark"),
    DBT_LOG_PATH=str(out / "logs"),
)
from dbt.cli.main import dbtRunner  # noqa: E402

from segmentation.generate import GeneratorConfig, generate  # noqa: E402
from segmentation.spark_build import DBT_STEPS, dbt_build  # noqa: E402
from segmentation.spark_raw import register_raw_tables, spark_session  # noqa: E402

config = GeneratorConfig(accounts=600, seed=7)
generate(out / "raw", out / "truth", config, fmt="parquet")
spark = spark_session(os.getcwd())
register_raw_tables(spark, str(out / "raw"))
runner = dbtRunner()
for label, days in (("full", 2), ("sched", 1)):
    as_of = config.end_date - dt.timedelta(days=days)
    start = time.perf_counter()
    dbt_build(runner, DBT_STEPS[0], str(out / "target"), ["--vars", f"{{as_of_date: '{as_of}'}}"])
    print(label, "step 1 wall", round(time.perf_counter() - start, 1), "s", flush=True)
    shutil.copy(out / "target" / "run_results.json", out / f"{label}_results.json")
