"""The benchmark's markdown table: a reference that failed is shown as failed, not as a time."""

from __future__ import annotations

from segmentation.bench import markdown, median_of, ratios


def _measure(wall: float, peak: float, exit_code: int = 0) -> dict[str, object]:
    return {"wall_seconds": wall, "peak_rss_gib": peak, "exit_code": exit_code}


def _record(floor: dict[str, object], pandas: dict[str, object]) -> dict[str, object]:
    stages = dict(staging=1.0, rollups=2.0, features=3.0, clustering=4.0, scoring=5.0, marts=6.0, tests=7.0)
    return {
        "accounts": 3_000_000,
        "events": 403_301_824,
        "stages_seconds": stages,
        "build": _measure(1773.2, 9.37),
        "floor": floor,
        "pandas": pandas,
        "incremental": {**_measure(1170.8, 10.1), "rollup_rows_reaggregated": 12, "staging_rows_reread": 34},
        "feature_sql_seconds": 6.0,
        "features_and_clustering_seconds": 10.0,
    }


def _cells(table: str) -> list[str]:
    row = table.splitlines()[-1]
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_a_failed_pandas_script_is_shown_as_failed_beside_a_timed_floor_query() -> None:
    cells = _cells(markdown([_record(_measure(85.0, 13.98), _measure(66.5, 22.94, exit_code=137))]))
    assert cells[12] == "85.0 s, 13.98 GiB"
    assert cells[14] == "failed (exit 137) after 66.5 s"
    assert cells[15] == "1170.8 s (34, 12)"
    assert cells[16] == "-"  # a record without the run that trains


def test_a_failed_floor_query_is_shown_as_failed_not_as_a_time() -> None:
    cells = _cells(markdown([_record(_measure(40.0, 19.0, exit_code=1), _measure(124.1, 19.38))]))
    assert cells[12] == "failed (exit 1) after 40.0 s"
    assert cells[14] == "124.1 s, 19.38 GiB"


def _run(build: float, floor: float, pandas: float, scheduled: float, pandas_exit: int = 0) -> dict[str, object]:
    """One run's record as ``measure_once`` writes it (the fields ``ratios`` and ``median_of`` read)."""
    return {
        "build": _measure(build, 6.0),
        "stages_seconds": {"staging": build / 2, "tests": 10.0},
        "feature_sql_seconds": build / 2,
        "features_and_clustering_seconds": build / 2 + 10.0,
        "floor": _measure(floor, 6.0),
        "pandas": _measure(pandas, 18.0, exit_code=pandas_exit),
        "incremental": {**_measure(scheduled, 6.5), "appended_day": "2026-10-01", "staging_rows_reread": 1129329},
        "training_day": {**_measure(scheduled + 60.0, 6.5), "retrained": True},
    }


def test_ratios_are_taken_within_one_run_and_left_empty_where_a_reference_failed() -> None:
    assert ratios(_run(300.0, 30.0, 120.0, 240.0)) == {
        "feature_sql_to_floor": 5.0,
        "features_and_clustering_to_pandas": 1.33,
        "peak_rss_to_pandas": 0.33,
        "scheduled_to_full": 0.8,
        "training_day_to_full": 1.0,
    }
    failed = ratios(_run(300.0, 30.0, 66.5, 240.0, pandas_exit=137))
    assert failed["features_and_clustering_to_pandas"] is None
    assert failed["peak_rss_to_pandas"] is None
    assert failed["feature_sql_to_floor"] == 5.0


def test_repeated_runs_give_the_median_of_each_figure_and_the_worst_exit_code() -> None:
    runs = [_run(310.0, 24.0, 110.0, 250.0), _run(290.0, 28.0, 130.0, 235.0), _run(380.0, 23.0, 106.0, 282.0)]
    for run in runs:
        run["ratios"] = ratios(run)
    median = median_of(runs)
    assert median["build"]["wall_seconds"] == 310.0
    assert median["floor"]["wall_seconds"] == 24.0
    assert median["pandas"]["wall_seconds"] == 110.0
    assert median["incremental"]["wall_seconds"] == 250.0
    assert median["stages_seconds"]["staging"] == 155.0
    # ratios are the medians of each run's own ratio, not ratios of the medians
    assert median["ratios"]["scheduled_to_full"] == 0.81  # runs: 0.81, 0.81, 0.74
    assert median["ratios"]["feature_sql_to_floor"] == 6.46  # runs: 6.46, 5.18, 8.26
    assert median["ratios"]["training_day_to_full"] == 1.0  # runs: 1.0, 1.02, 0.9
    assert median["training_day"]["retrained"] is True
    table = markdown([{**_record(_measure(1.0, 1.0), _measure(1.0, 1.0)), "training_day": median["training_day"]}])
    assert _cells(table)[16] == "310 s"  # runs: 310.0, 295.0, 342.0
    assert median["incremental"]["appended_day"] == "2026-10-01"
    assert median["incremental"]["staging_rows_reread"] == 1129329
    assert median["pandas"]["exit_code"] == 0

    runs[1]["pandas"]["exit_code"] = 137
    assert median_of(runs)["pandas"]["exit_code"] == 137


def test_an_even_number_of_runs_averages_the_middle_two() -> None:
    runs = [_run(300.0, 24.0, 110.0, 250.0), _run(321.0, 28.0, 130.0, 235.0)]
    runs[1]["incremental"]["staging_rows_reread"] = 1129331
    median = median_of(runs)
    assert median["build"]["wall_seconds"] == 310.5
    assert median["floor"]["wall_seconds"] == 26.0
    # a count stays a whole number where the middle two average to one (the table prints it with commas)
    assert median["incremental"]["staging_rows_reread"] == 1129330
    assert isinstance(median["incremental"]["staging_rows_reread"], int)
