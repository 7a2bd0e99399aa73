"""The DuckDB versions of portable macros give the portable results: the key tests (dbt's unique and the
project's unique_combination, with a hash prefilter) fail on exactly the keys a plain grouping finds repeated,
and clean_string skips trim only where trim changes nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import Project

KEYED = """(
    select * from (values
        (1, 'a'), (1, 'a'), (2, 'a'), (2, 'b'), (null, 'c'), (null, 'c'), (3, null), (3, null), (4, 'd')
    ) as t(k, v)
) as keyed"""


def test_key_tests_fail_on_the_repeated_keys_and_only_those(tmp_path: Path) -> None:
    project = Project(workdir=tmp_path, raw_dir=tmp_path / "raw", truth_dir=tmp_path / "truth")
    setup = "{% set keyed %}" + KEYED + "{% endset %}"
    unique = project.show(setup + "select * from ({{ duckdb__test_unique(keyed, 'k') }}) as f order by 1")
    assert unique == [
        {"unique_field": 1, "n_records": 2},
        {"unique_field": 2, "n_records": 2},
        {"unique_field": 3, "n_records": 2},
    ]
    failures = "select * from ({{ %s__unique_combination_failures(keyed, ['k', 'v']) }}) as f order by all"
    hashed = project.show(setup + failures % "duckdb")
    plain = project.show(setup + failures % "default")
    assert hashed == plain
    assert [(row["k"], row["v"], row["row_count"]) for row in hashed] == [(1, "a", 2), (3, None, 2), (None, "c", 2)]


def test_dbt_dispatches_its_unique_test_to_the_hashed_one_on_duckdb(tmp_path: Path) -> None:
    project = Project(workdir=tmp_path, raw_dir=tmp_path / "raw", truth_dir=tmp_path / "truth")
    project.dbt("compile", "--select", "unique_stg_crm__accounts_account_id")
    (compiled,) = (tmp_path / "target" / "compiled").rglob("unique_stg_crm__accounts_account_id.sql")
    assert "repeated_hashes" in compiled.read_text()


def test_clean_string_on_duckdb_equals_trim_with_empty_text_as_null(tmp_path: Path) -> None:
    project = Project(workdir=tmp_path, raw_dir=tmp_path / "raw", truth_dir=tmp_path / "truth")
    # spaces at either end, Unicode space separators (no-break, thin, ideographic), tabs (kept by trim),
    # non-ASCII letters, empty and NULL
    values = [
        "'a'",
        "' a'",
        "'a '",
        "'  a b  '",
        "''",
        "'   '",
        "null",
        "chr(9) || 'a' || chr(9)",
        "chr(160) || 'a'",
        "'a' || chr(8201)",
        "chr(12288) || 'café' || chr(12288)",
        "'café'",
        "'é '",
        "' 12 '",
    ]
    rows = project.show(
        "select v, {{ duckdb__clean_string('v') }} as cleaned, {{ default__clean_string('v') }} as trimmed "
        "from (values " + ", ".join(f"({n}, {v})" for n, v in enumerate(values)) + ") as t(n, v) order by n"
    )
    assert len(rows) == len(values)
    assert [row["cleaned"] for row in rows] == [row["trimmed"] for row in rows]
    assert [row["cleaned"] for row in rows][:8] == ["a", "a", "a", "a b", None, None, None, "\ta\t"]
    assert [row["cleaned"] for row in rows][8:] == ["a", "a", "café", "café", "é", "12"]
    # a number is cast to text first
    assert project.show("select {{ duckdb__clean_string('42') }} as cleaned") == [{"cleaned": "42"}]


LOADS = """(
    select * from (values
        (1, 'a', 1), (2, 'a', 1), (3, 'b', 1), (3, 'b', 1),
        (1, 'a', 2), (4, 'c', 2), (5, 'c', 2), (5, 'c', 2), (null, 'd', 2)
    ) as t(k, v, load_number)
) as loaded"""


def test_key_test_of_a_scheduled_run_groups_the_keys_of_its_latest_load(tmp_path: Path) -> None:
    """With rows of two loads, unique_combination's latest_load groups the keys the latest load wrote, over
    every row (a repeat of an earlier key fails), and leaves the earlier load's own repeats to the build that
    wrote them; with one load it checks every key."""
    project = Project(workdir=tmp_path, raw_dir=tmp_path / "raw", truth_dir=tmp_path / "truth")
    test = (
        "{%% set loaded %%}%s{%% endset %%}select * from ({{ test_unique_combination(loaded, ['k', 'v'],"
        " latest_load={'column': 'load_number', 'key': 'k'}) }}) as f order by all"
    )
    failures = project.show(test % LOADS)
    assert [(row["k"], row["v"], row["row_count"]) for row in failures] == [(1, "a", 2), (5, "c", 2)]
    one_load = LOADS.replace("(1, 'a', 2), (4, 'c', 2), (5, 'c', 2), (5, 'c', 2), (null, 'd', 2)", "(6, 'e', 1)")
    assert one_load != LOADS
    failures = project.show(test % one_load)
    assert [(row["k"], row["v"], row["row_count"]) for row in failures] == [(3, "b", 2)]
