# One-off measurement script, kept as it was run (see README.md here).
# One dbt run of one model on a parsed project, writing its artifacts or not (--no-write-json), three times each;
# the profile's time in dbt's artifact writers. RAW_DATA_DIR=bench/out/raw_10000 DUCKDB_PATH=<10k backfilled warehouse>
import cProfile, pstats, json, time, io
from dbt.cli.main import dbtRunner
parsed = dbtRunner().invoke(["parse", "--vars", "{}"])
runner = dbtRunner(manifest=parsed.result)
for rep in range(3):
    for flag in ([], ["--no-write-json"]):
        pr = cProfile.Profile(); t = time.time(); pr.enable()
        runner.invoke(["run", "-q", *flag, "--select", "int_as_of_dates", "--vars", json.dumps({"as_of_date": "2026-08-31"})])
        pr.disable(); took = time.time() - t
        s = io.StringIO(); st = pstats.Stats(pr, stream=s)
        stats = {k[2]: v[3] for k, v in st.stats.items() if k[2] in ("write_manifest", "write_run_results", "dump", "write_json")}
        print(flag or ["write json"], round(took, 2), {k: round(v, 3) for k, v in stats.items()})
