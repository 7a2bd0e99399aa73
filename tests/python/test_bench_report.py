"""The benchmark's markdown table: a reference that failed is shown as failed, not as a time."""

from __future__ import annotations

from segmentation.bench import markdown


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


def test_a_failed_floor_query_is_shown_as_failed_not_as_a_time() -> None:
    cells = _cells(markdown([_record(_measure(40.0, 19.0, exit_code=1), _measure(124.1, 19.38))]))
    assert cells[12] == "failed (exit 1) after 40.0 s"
    assert cells[14] == "124.1 s, 19.38 GiB"
