"""The pipeline benchmark: full build, references, incremental run and growth, per tier of accounts.

    python -m segmentation.bench --tiers 10000,100000,1000000 --out bench/out

For each tier (accounts; about 134 events per account):

1. generates the raw files once (kept in ``<out>/raw_<N>``; events as a folder of parquet parts so a
   day can be appended);
2. measures dbt's fixed overhead: a full parse and an empty run;
3. runs ``dbt build`` into a new DuckDB file under GNU time: wall time, peak RSS of the whole run, and
   the time per stage from ``run_results.json`` (staging, rollups, features, clustering, scoring,
   marts, tests; dbt runs one node at a time, so stage times add up);
4. measures the references on the same files, each in its own process: the floor query and the pandas
   + scikit-learn script (``segmentation.bench_reference``);
5. appends one day of new events and runs the scheduled ``dbt build`` again: its time, how many raw
   event rows the incremental staging and rollup re-read, and whether it trained the scoring models
   (with the default ``retrain_every_days`` it does not: the full build trained them a day before).
   Then the same scheduled run once more with ``retrain_every_days: 1``: a day that trains;
6. on the smallest tier, the first-install path: twelve months of backfill plus the build.

With ``--repeats N``, steps 3 to 6 run N times per tier (each full build and first install into a new
DuckDB file); the record gives the median of each figure, with every run under ``runs``. Each run also
records the targets' ratios within that run (``ratios``).

Writes ``<out>/bench.json``, prints a Markdown table, and plots time and peak memory against accounts
to ``bench/growth.png`` (beside BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

STAGES = {
    "staging": lambda node: node["path"].startswith("staging/"),
    "rollups": lambda node: node["name"] == "int_account_activity_daily",
    "features": lambda node: node["path"].startswith(("intermediate/", "features/")),
    "clustering": lambda node: node["name"] in ("ml_segment_centroids", "ml_segment_assignments", "ml_segment_map"),
    "scoring": lambda node: node["name"] in ("ml_model_runs", "ml_account_scores"),
    "marts": lambda node: node["path"].startswith(("marts/", "ml/", "exports/")),
}


def timed(command: list[str], env: dict[str, str], check: bool = True) -> dict[str, object]:
    """Run a command under GNU time: wall seconds, peak RSS (GiB), exit code and output."""
    began = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=ROOT, env=env, text=True, capture_output=True)
    wall = time.perf_counter() - began
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout[-5000:] + result.stderr[-3000:])
        raise SystemExit(f"{' '.join(command[:4])} failed (exit {result.returncode})")
    return {
        "wall_seconds": round(wall, 1),
        "peak_rss_gib": round(int(peak.group(1)) / 1024 / 1024, 2) if peak else None,
        "exit_code": result.returncode,
        "stdout": result.stdout,
    }


def stage_times(target: Path) -> dict[str, float]:
    manifest = json.loads((target / "manifest.json").read_text())
    results = json.loads((target / "run_results.json").read_text())["results"]
    out = {name: 0.0 for name in [*STAGES, "seeds", "tests"]}
    for result in results:
        node = manifest["nodes"].get(result["unique_id"])
        if node is None:
            continue
        seconds = float(result.get("execution_time") or 0.0)
        if node["resource_type"] == "seed":
            out["seeds"] += seconds
        elif node["resource_type"] in ("test", "unit_test"):
            out["tests"] += seconds
        elif node["resource_type"] == "model":
            stage = next((name for name, match in STAGES.items() if match(node)), "marts")
            out[stage] += seconds
    return {name: round(seconds, 1) for name, seconds in out.items()}


def prepare_raw(accounts: int, out: Path, env: dict[str, str]) -> tuple[Path, dict[str, object]]:
    raw = out / f"raw_{accounts}"
    generated: dict[str, object] = {"reused": True}
    if not (raw / "accounts.parquet").exists():
        shutil.rmtree(raw, ignore_errors=True)
        command = [str(BIN / "python"), "-m", "segmentation.generate", "--accounts", str(accounts)]
        command += ["--out", str(raw), "--truth", str(out / f"truth_{accounts}")]
        generated = timed(command, env)
        generated.pop("stdout")
    parts = raw / "events"
    if (raw / "events.parquet").exists():
        parts.mkdir(exist_ok=True)
        (raw / "events.parquet").rename(parts / "part-00000.parquet")
    return raw, generated


def remove_appended_days(raw: Path) -> None:
    """Removes the days an earlier scheduled run appended (``append_one_day``), so a full build reads the
    generated events only."""
    for appended in (raw / "events").glob("part-new-*.parquet"):
        appended.unlink()


def append_one_day(raw: Path) -> tuple[str, int]:
    """A new day of events: the last day's events one day later, with new ids. Returns (day, rows)."""
    import duckdb

    parts = raw / "events"
    with duckdb.connect() as con:
        last = con.execute(f"select max(occurred_at) from read_parquet('{parts}/*.parquet')").fetchone()[0]
        day = (last + dt.timedelta(days=1)).date()
        target = parts / f"part-new-{day}.parquet"
        con.execute(
            f"""
            copy (
                select 'new-{day}-' || event_id as event_id, account_id, user_id, event_name,
                       occurred_at + interval 1 day as occurred_at, session_id
                from read_parquet('{parts}/*.parquet')
                where cast(occurred_at as date) = date '{last.date()}'
            ) to '{target}' (format parquet)
            """
        )
        rows = con.execute(f"select count(*) from read_parquet('{target}')").fetchone()[0]
    return day.isoformat(), int(rows)


def rollup_window_rows(database: Path) -> int:
    """Staged events the incremental rollup re-aggregated: those of the days the latest events load rewrote
    (the rows of its ``loaded_at``)."""
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        return int(
            con.execute(
                """
                select count(*) from staging.stg_product__events
                where loaded_at = (select max(loaded_at) from staging.stg_product__events)
                """
            ).fetchone()[0]
        )


def staging_window_rows(database: Path, lookback_days: int) -> int:
    """Raw events the incremental base events model re-read: those from (last staged day - lookback) on,
    and the rows without a timestamp."""
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        return int(
            con.execute(
                f"""
                select count(*) from staging.base_product__events
                where occurred_at is null or occurred_date >= (
                    select max(occurred_date) - interval {lookback_days} day
                    from staging.base_product__events where contract_rule is null
                ) - interval 1 day
                """
            ).fetchone()[0]
        )


def trained(warehouse: Path) -> bool:
    """Whether the last build into the warehouse trained the scoring models (its as-of dates include
    T - H, the 'train' role) rather than carrying the stored champions."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        query = "select count(*) from intermediate.int_as_of_dates where as_of_role = 'train'"
        return con.execute(query).fetchone()[0] > 0


def ratios(run: dict[str, object]) -> dict[str, float | None]:
    """The targets' ratios within one run (None where a reference failed or took no time): feature SQL
    to the floor query, features plus clustering to the pandas script (time, and the build's peak memory
    to the script's), and the scheduled runs (the one after the appended day, and the one that trains)
    to the full build."""

    def ratio(numerator: object, denominator: object) -> float | None:
        if not numerator or not denominator:
            return None
        return round(float(numerator) / float(denominator), 2)

    floor, pandas, build, incremental = run["floor"], run["pandas"], run["build"], run["incremental"]
    floor_ok, pandas_ok = floor["exit_code"] == 0, pandas["exit_code"] == 0
    return {
        "feature_sql_to_floor": ratio(run["feature_sql_seconds"], floor["wall_seconds"]) if floor_ok else None,
        "features_and_clustering_to_pandas": (
            ratio(run["features_and_clustering_seconds"], pandas["wall_seconds"]) if pandas_ok else None
        ),
        "peak_rss_to_pandas": ratio(build["peak_rss_gib"], pandas["peak_rss_gib"]) if pandas_ok else None,
        "scheduled_to_full": ratio(incremental["wall_seconds"], build["wall_seconds"]),
        "training_day_to_full": (
            ratio(run["training_day"]["wall_seconds"], build["wall_seconds"]) if "training_day" in run else None
        ),
    }


def median_of(runs: list[dict[str, object]]) -> dict[str, object]:
    """One record from repeated runs of the same measurements: each number is the median over the runs
    (so the stages' medians need not add up to the median wall time); an exit code is the worst run's,
    so a failure is never hidden by the other runs; anything else is the first run's."""
    import statistics

    out: dict[str, object] = {}
    for key, first in runs[0].items():
        values = [run.get(key) for run in runs]
        if isinstance(first, dict):
            out[key] = median_of([v for v in values if isinstance(v, dict)])
        elif key == "exit_code":
            out[key] = max(values, key=lambda code: code != 0)
        elif isinstance(first, bool) or not isinstance(first, int | float):
            out[key] = first
        elif all(isinstance(v, int | float) for v in values):
            middle = statistics.median(values)
            out[key] = int(middle) if float(middle).is_integer() else round(middle, 2)
        else:  # a number in some runs only (a rate over a zero time): no median
            out[key] = None
    return out


def run_tier(accounts: int, out: Path, backfill: bool, repeats: int = 1) -> dict[str, object]:
    """The tier's measurements, each taken ``repeats`` times (a new warehouse for every full build, and
    the references on the same files each time): the medians, with every run under ``runs``."""
    tier = out / f"tier_{accounts}"
    shutil.rmtree(tier, ignore_errors=True)
    tier.mkdir(parents=True)
    env = dict(os.environ)
    raw, generated = prepare_raw(accounts, out, env)
    env.update(
        DUCKDB_PATH=str(tier / "warehouse.duckdb"),
        RAW_DATA_DIR=str(raw),
        DBT_PROFILES_DIR=str(ROOT),
        DBT_TARGET_PATH=str(tier / "target"),
        DBT_LOG_PATH=str(tier / "logs"),
        EXPORTS_DIR=str(tier / "exports"),
    )
    dbt = str(BIN / "dbt")
    print(f"[{accounts:,} accounts] overhead", flush=True)
    parse = timed([dbt, "parse", "--no-partial-parse"], env)
    empty = timed([dbt, "run", "--select", "tag:no_such_tag"], env)
    runs = []
    events = 0
    for repeat in range(1, repeats + 1):
        run, events = measure_once(accounts, tier, raw, env, f"run {repeat} of {repeats}")
        runs.append(run)
    record: dict[str, object] = {
        "accounts": accounts,
        "events": int(events),
        "generate": generated,
        "dbt_parse_seconds": parse["wall_seconds"],
        "dbt_empty_run_seconds": empty["wall_seconds"],
        "repeats": repeats,
        **median_of(runs),
        "runs": runs,
    }
    if backfill:
        first_installs = []
        for repeat in range(1, repeats + 1):
            print(f"[{accounts:,} accounts] first install, run {repeat} of {repeats}: backfill and build", flush=True)
            remove_appended_days(raw)
            for stale in tier.glob("backfill.duckdb*"):
                stale.unlink()
            fresh = dict(env, DUCKDB_PATH=str(tier / "backfill.duckdb"), PUBLISHED_DUCKDB_PATH=str(tier / "pub.duckdb"))
            first = timed([str(BIN / "python"), "-m", "segmentation.backfill", "--months", "12"], fresh)
            first_installs.append({k: v for k, v in first.items() if k != "stdout"})
        record["backfill_12_months_and_build"] = {**median_of(first_installs), "runs": first_installs}
    return record


def measure_once(
    accounts: int, tier: Path, raw: Path, env: dict[str, str], label: str
) -> tuple[dict[str, object], int]:
    """One full build into a new warehouse, the two references, and the scheduled run after one appended
    day; returns the run's record and the events staged."""
    import duckdb

    dbt, python = str(BIN / "dbt"), str(BIN / "python")
    remove_appended_days(raw)
    for stale in tier.glob("warehouse.duckdb*"):
        stale.unlink()
    print(f"[{accounts:,} accounts] {label}: full build", flush=True)
    build = timed([dbt, "build"], env)
    stages = stage_times(tier / "target")
    with duckdb.connect(str(tier / "warehouse.duckdb"), read_only=True) as con:
        events = con.execute("select count(*) from staging.stg_product__events").fetchone()[0]
    print(f"[{accounts:,} accounts] {label}: references", flush=True)
    floor = timed([python, "-m", "segmentation.bench_reference", "floor", "--raw", str(raw)], env, check=False)
    pandas = timed([python, "-m", "segmentation.bench_reference", "pandas", "--raw", str(raw)], env, check=False)
    print(f"[{accounts:,} accounts] {label}: incremental run", flush=True)
    day, new_rows = append_one_day(raw)
    incremental = timed([dbt, "build"], env)
    incremental_stages = stage_times(tier / "target")
    rollup_rows = rollup_window_rows(tier / "warehouse.duckdb")
    staged_rows = staging_window_rows(tier / "warehouse.duckdb", lookback_days=3)
    retrained = trained(tier / "warehouse.duckdb")
    print(f"[{accounts:,} accounts] {label}: the scheduled run again, training (retrain_every_days: 1)", flush=True)
    training_day = timed([dbt, "build", "--vars", "{retrain_every_days: 1}"], env)
    training_day_stages = stage_times(tier / "target")
    run: dict[str, object] = {
        "build": {k: v for k, v in build.items() if k != "stdout"},
        "stages_seconds": stages,
        "feature_sql_seconds": round(stages["staging"] + stages["rollups"] + stages["features"], 1),
        "features_and_clustering_seconds": round(
            stages["staging"] + stages["rollups"] + stages["features"] + stages["clustering"], 1
        ),
        "events_per_second": round(events / build["wall_seconds"]) if build["wall_seconds"] else None,
        "floor": {k: v for k, v in floor.items() if k != "stdout"},
        "pandas": {k: v for k, v in pandas.items() if k != "stdout"},
        "incremental": {
            "appended_day": day,
            "appended_rows": new_rows,
            "rollup_rows_reaggregated": rollup_rows,
            "staging_rows_reread": staged_rows,
            "stages_seconds": incremental_stages,
            "retrained": retrained,
            **{k: v for k, v in incremental.items() if k != "stdout"},
        },
        "training_day": {
            "stages_seconds": training_day_stages,
            "retrained": trained(tier / "warehouse.duckdb"),
            **{k: v for k, v in training_day.items() if k != "stdout"},
        },
    }
    run["ratios"] = ratios(run)
    return run, int(events)


def markdown(results: list[dict[str, object]]) -> str:
    lines = [
        "| accounts | events | full build | peak RSS | staging | rollups | features | clustering | scoring "
        "| marts | tests | feature SQL | floor query | features + clustering | pandas script | incremental run "
        "(rows re-read: staging, rollup) | scheduled run that trains |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s, b, f, p, i = r["stages_seconds"], r["build"], r["floor"], r["pandas"], r["incremental"]
        training_day = f"{r['training_day']['wall_seconds']} s" if "training_day" in r else "-"
        floor, pandas = (
            f"{m['wall_seconds']} s, {m['peak_rss_gib']} GiB"
            if m["exit_code"] == 0
            else f"failed (exit {m['exit_code']}) after {m['wall_seconds']} s"
            for m in (f, p)
        )
        lines.append(
            f"| {r['accounts']:,} | {r['events']:,} | {b['wall_seconds']} s | {b['peak_rss_gib']} GiB "
            f"| {s['staging']} | {s['rollups']} | {s['features']} | {s['clustering']} | {s['scoring']} "
            f"| {s['marts']} | {s['tests']} | {r['feature_sql_seconds']} s | {floor} "
            f"| {r['features_and_clustering_seconds']} s | {pandas} "
            f"| {i['wall_seconds']} s ({i.get('staging_rows_reread', 0):,}, {i['rollup_rows_reaggregated']:,}) "
            f"| {training_day} |"
        )
    return "\n".join(lines)


def plot(results: list[dict[str, object]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    accounts = [r["accounts"] for r in results]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    series = {
        "dbt build": ("build", "tab:blue"),
        "floor query": ("floor", "tab:gray"),
        "pandas script": ("pandas", "tab:red"),
        "incremental run": ("incremental", "tab:green"),
    }
    for label, (key, colour) in series.items():
        ok = [(a, r[key]) for a, r in zip(accounts, results, strict=True) if r[key]["exit_code"] == 0]
        if not ok:
            continue
        left.plot([a for a, _ in ok], [m["wall_seconds"] for _, m in ok], "o-", label=label, color=colour)
        right.plot([a for a, _ in ok], [m["peak_rss_gib"] for _, m in ok], "o-", label=label, color=colour)
    for axis, title in ((left, "wall time (s)"), (right, "peak memory (GiB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("accounts")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
    left.legend()
    fig.suptitle(f"Growth on {os.cpu_count()} cores: python -m segmentation.bench")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m segmentation.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--tiers", default="10000,100000,1000000", help="accounts per tier (3000000 on demand)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--plot", type=Path, default=ROOT / "bench" / "growth.png")
    parser.add_argument("--no-backfill", action="store_true", help="skip the first-install backfill timing")
    parser.add_argument(
        "--repeats", type=int, default=1, help="runs of each measurement per tier; the record gives their medians"
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be 1 or more")
    args.out.mkdir(parents=True, exist_ok=True)
    tiers = sorted(int(t) for t in args.tiers.split(","))
    results = []
    for n, accounts in enumerate(tiers):
        results.append(run_tier(accounts, args.out, backfill=(n == 0 and not args.no_backfill), repeats=args.repeats))
        (args.out / "bench.json").write_text(
            json.dumps(
                {
                    "machine": {
                        "cores": os.cpu_count(),
                        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                        "python": platform.python_version(),
                    },
                    "command": "python -m segmentation.bench " + " ".join(argv if argv is not None else sys.argv[1:]),
                    "results": results,
                },
                indent=2,
                default=str,
            )
        )
    if args.repeats > 1:
        print(f"medians of {args.repeats} runs per tier (every run in {args.out / 'bench.json'}, under runs)")
    print(markdown(results))
    plot(results, args.plot)
    print(f"wrote {args.out / 'bench.json'} and {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
