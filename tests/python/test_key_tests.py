"""The key tests on DuckDB (dbt's unique and the project's unique_combination, with a hash prefilter) fail on
exactly the keys a plain grouping finds repeated."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Project

KEYED = """(
    select * from (values
        (1, 'a'), (1, 'a'), (2, 'a'), (2, 'b'), (null, 'c'), (null, 'c'), (3, null), (3, null), (4, 'd')
    ) as t(k, v)
) as keyed"""


def show(project: Project, sql: str) -> list[dict]:
    result = project.dbt("show", "--inline", sql, "--output", "json", "--limit", "100", "--log-format", "json")
    for line in result.stdout.splitlines():
        event = json.loads(line)
        preview = event.get("data", {}).get("preview")
        if preview is not None:
            return json.loads(preview)
    raise AssertionError(f"no preview in dbt show output:\n{result.stdout[-3000:]}")


def test_key_tests_fail_on_the_repeated_keys_and_only_those(tmp_path: Path) -> None:
    project = Project(workdir=tmp_path, raw_dir=tmp_path / "raw", truth_dir=tmp_path / "truth")
    setup = "{% set keyed %}" + KEYED + "{% endset %}"
    unique = show(project, setup + "select * from ({{ duckdb__test_unique(keyed, 'k') }}) as f order by 1")
    assert unique == [
        {"unique_field": 1, "n_records": 2},
        {"unique_field": 2, "n_records": 2},
        {"unique_field": 3, "n_records": 2},
    ]
    failures = "select * from ({{ %s__unique_combination_failures(keyed, ['k', 'v']) }}) as f order by all"
    hashed = show(project, setup + failures % "duckdb")
    plain = show(project, setup + failures % "default")
    assert hashed == plain
    assert [(row["k"], row["v"], row["row_count"]) for row in hashed] == [(1, "a", 2), (3, None, 2), (None, "c", 2)]


def test_dbt_dispatches_its_unique_test_to_the_hashed_one_on_duckdb(tmp_path: Path) -> None:
    project = Project(workdir=tmp_path, raw_dir=tmp_path / "raw", truth_dir=tmp_path / "truth")
    project.dbt("compile", "--select", "unique_stg_product__events_event_id")
    (compiled,) = (tmp_path / "target" / "compiled").rglob("unique_stg_product__events_event_id.sql")
    assert "repeated_hashes" in compiled.read_text()
