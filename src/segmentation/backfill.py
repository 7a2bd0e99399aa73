"""Backfill history: run the pipeline for a series of past as-of dates, then the current build.

Usage::

    python -m segmentation.backfill --months 12

Resolves the current as-of date T (the ``as_of_date`` var, default the last day with activity), then
for each month end in the ``--months`` months before T, oldest first, runs the models that append
history (segment centroids, assignments, model runs and scores, with their as-of-dependent parents) at
that date; staging, which does not depend on the as-of date, is built once beforehand. Last, it runs
``dbt build`` for T (every model and test), on the same parsed project, and, on DuckDB, publishes the
marts to the file BI tools read (``segmentation.publish``). History tables replace an as-of date's rows
when it is run again, so a re-run does not duplicate history.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HISTORY_SELECTOR = "+tag:history"
# staging does not depend on the as-of date: it is built once (with the as-of date model) and not per month
PER_MONTH_EXCLUDE = "tag:staging"


def month_ends(before: dt.date, months: int) -> list[dt.date]:
    """The last day of each of the ``months`` months before ``before``'s month, oldest first.

    If ``before`` is itself a month end, the current month is the run itself and is not repeated.
    """
    out: list[dt.date] = []
    first_of_month = before.replace(day=1)
    for _ in range(months):
        last = first_of_month - dt.timedelta(days=1)
        out.append(last)
        first_of_month = last.replace(day=1)
    return sorted(d for d in out if d < before)


NO_ARTIFACTS = "--no-write-json"
CURRENT_AS_OF = "select as_of_date from {{ ref('int_as_of_dates') }} where as_of_role = 'current'"


def _invoke(runner: Any, args: list[str]) -> Any:
    print("+ dbt " + " ".join(args), flush=True)
    result = runner.invoke(args)
    if not result.success:
        raise SystemExit(f"dbt {' '.join(args[:3])} failed: {result.exception or 'see the log above'}")
    return result


def prepare_and_run_history(months: int, vars_: dict[str, str], extra: list[str], final_build: bool = True) -> None:
    """Seed, build staging and the as-of date model, read the current as-of date T back (``dbt show``,
    which works on any adapter), run the history models for each of the ``months`` month ends before T,
    oldest first, then (``final_build``) ``dbt build`` for T. All in this process on one parsed
    manifest: a process per step would parse the whole project again, since changed vars defeat dbt's
    partial parsing."""
    from dbt.cli.main import dbtRunner

    parsed = dbtRunner().invoke(["parse", "--vars", json.dumps(vars_), *extra])
    if not parsed.success:
        raise SystemExit(f"dbt parse failed: {parsed.exception}")
    runner = dbtRunner(manifest=parsed.result)
    # the steps before the final build write no artifacts (manifest.json, run_results.json): writing them
    # takes most of a second per step, and the final build writes them
    _invoke(runner, ["seed", NO_ARTIFACTS, *extra])
    staging = ["run", NO_ARTIFACTS, "--select", "tag:staging", "+int_as_of_dates", "--vars", json.dumps(vars_)]
    _invoke(runner, [*staging, *extra])
    shown = _invoke(
        runner, ["show", NO_ARTIFACTS, "--inline", CURRENT_AS_OF, "--vars", json.dumps(vars_), "--quiet", *extra]
    )
    table = shown.result.results[0].agate_table
    if table is None or len(table.rows) == 0:
        raise SystemExit("could not read the current as-of date from int_as_of_dates")
    current = dt.date.fromisoformat(str(table.rows[0][0])[:10])
    dates = month_ends(current, months)
    print(
        f"current as-of date {current}; backfilling {len(dates)} month ends: {dates[0] if dates else '-'} .. "
        f"{dates[-1] if dates else '-'}",
        flush=True,
    )
    for date in dates:
        select = ["--select", HISTORY_SELECTOR, "--exclude", PER_MONTH_EXCLUDE]
        _invoke(runner, ["run", NO_ARTIFACTS, *select, "--vars", json.dumps({"as_of_date": date.isoformat()}), *extra])
    if final_build:
        _invoke(runner, ["build", "--vars", json.dumps(vars_), *extra])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m segmentation.backfill", description=__doc__.split("\n")[0])
    parser.add_argument("--months", type=int, default=12, help="month ends to backfill before the as-of date")
    parser.add_argument("--as-of", default=None, help="the current as-of date (default: the as_of_date var)")
    parser.add_argument("--skip-final-build", action="store_true", help="only append the past as-of dates")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("dbt_args", nargs="*", help="extra arguments passed to every dbt call (after --)")
    args = parser.parse_args(argv)
    if args.months < 0:
        parser.error("--months must be zero or more")
    vars_ = {"as_of_date": args.as_of} if args.as_of else {}
    if args.in_process:
        prepare_and_run_history(args.months, vars_, args.dbt_args, final_build=not args.skip_final_build)
        return 0
    began = time.perf_counter()
    # in a child process: dbt-duckdb keeps the database open for the life of the process, and publishing
    # below reads the database file
    command = [sys.executable, "-m", "segmentation.backfill", "--in-process", "--months", str(args.months)]
    command += ["--as-of", args.as_of] if args.as_of else []
    command += ["--skip-final-build"] if args.skip_final_build else []
    if subprocess.run([*command, "--", *args.dbt_args] if args.dbt_args else command).returncode != 0:
        raise SystemExit("seeding, staging, the history runs for the past as-of dates or the build failed (see above)")
    if not args.skip_final_build:
        if not args.dbt_args and os.environ.get("DBT_TARGET", "duckdb") == "duckdb":
            from segmentation.publish import publish

            source = Path(os.environ.get("DUCKDB_PATH", "warehouse.duckdb"))
            destination = Path(os.environ.get("PUBLISHED_DUCKDB_PATH", str(source.with_name("published.duckdb"))))
            publish(source, destination)
            print(f"published the marts to {destination}")
    print(f"backfill done in {time.perf_counter() - began:.0f}s ({os.environ.get('DUCKDB_PATH', 'warehouse.duckdb')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
