"""What the dbt Python models hand to DuckDB keeps its types, even when a column is all NULL."""

from __future__ import annotations

import datetime as dt
import decimal

import duckdb
import numpy as np
import pandas as pd
import pytest

from segmentation.dbt_io import (
    current_as_of,
    decimals_as_doubles,
    latest_champions,
    on_date,
    only_columns,
    output,
    params,
    stored_table,
    to_pandas,
    where,
)
from segmentation.segments import CENTROID_SCHEMA


def test_all_null_columns_stay_typed_in_duckdb() -> None:
    frame = pd.DataFrame({name: [None] for name in CENTROID_SCHEMA})
    frame["as_of_date"] = [dt.date(2026, 9, 30)]
    frame["segment_id"] = [-1]
    frame = pd.DataFrame({name: frame[name].astype(dtype) for name, dtype in CENTROID_SCHEMA.items()})
    con = duckdb.connect()
    table = output(frame, CENTROID_SCHEMA, con)
    con.register("returned", table)
    types = dict(con.execute("select column_name, column_type from (describe returned)").fetchall())
    assert types["status_reason"] == "VARCHAR"
    assert types["previous_match_distance"] == "DOUBLE"
    assert types["is_new_segment"] == "BOOLEAN"
    assert types["as_of_date"] == "DATE"
    assert types["segment_id"] == "BIGINT"
    # other engines get the typed pandas frame back
    assert output(frame, CENTROID_SCHEMA, object()) is frame


def test_output_keeps_values_and_makes_every_missing_value_null() -> None:
    schema = {"as_of_date": "object", "n": "Int64", "x": "Float64", "s": "string", "b": "boolean"}
    frame = pd.DataFrame(
        {
            "as_of_date": [dt.date(2026, 9, 30), pd.Timestamp("2026-10-31 13:45"), None],
            "n": [3, None, 2**40],
            "x": [0.1, np.nan, None],
            "s": ["a", None, np.nan],
            "b": [True, None, False],
        }
    )
    con = duckdb.connect()
    con.register("returned", output(frame, schema, con))
    assert con.execute("select * from returned").fetchall() == [
        (dt.date(2026, 9, 30), 3, 0.1, "a", True),
        (dt.date(2026, 10, 31), None, None, None, None),
        (None, 2**40, None, None, False),
    ]


def test_params_are_typed_from_rendered_yaml_text() -> None:
    meta = {"segmenter": {"min_clusters": "4", "match_threshold": "1.0", "other": "x"}}
    assert params(meta, "segmenter") == {"min_clusters": 4, "match_threshold": 1.0, "other": "x"}
    assert params(None, "segmenter") == {}


def test_only_columns_projects_the_named_columns_that_exist_in_order() -> None:
    relation = duckdb.connect().sql("select 1 as a, 'x' as b, 2.5 as c union all select 2, 'y', 3.5")
    frame = to_pandas(only_columns(where(relation, "a = 2"), ["c", "a", "not_there"]))
    assert frame.columns.tolist() == ["c", "a"]
    assert frame.to_dict("records") == [{"c": 3.5, "a": 2}]


def test_release_cached_memory_evicts_and_keeps_the_limit_or_leaves_everything_as_it_was(tmp_path) -> None:
    from segmentation.dbt_io import release_cached_memory

    con = duckdb.connect(str(tmp_path / "w.duckdb"), config={"memory_limit": "2GB"})
    con.execute("create table written as select range as id, md5(range::varchar) as text from range(3000000)")

    def limit() -> str:  # as DuckDB shows it (to 0.1 GiB)
        return con.execute("select current_setting('memory_limit')").fetchone()[0]

    def cached() -> int:
        return con.execute("select sum(memory_usage_bytes) from duckdb_memory()").fetchone()[0]

    before, cached_before = limit(), cached()
    assert release_cached_memory(con, floor="1MB") is True
    assert limit() == before and cached() < cached_before
    # memory DuckDB cannot evict (a temporary table lives in memory): nothing changes, the run goes on
    con.execute("create temp table pinned as select range as id, repeat('y', 40) as text from range(2000000)")
    assert release_cached_memory(con, floor="1KB") is False
    assert limit() == before and con.execute("select count(*) from pinned").fetchone()[0] == 2_000_000
    assert release_cached_memory(object()) is False


def test_decimals_reach_pandas_as_the_doubles_python_would_make_of_them() -> None:
    con = duckdb.connect()
    rng = np.random.default_rng(7)
    amounts = [decimal.Decimal(int(v)).scaleb(-2) for v in rng.integers(-(10**12), 10**12, 5000)]
    counts = [int(v) for v in rng.integers(0, 2**52, 5000)]
    con.execute("create table t (account_id varchar, amount decimal(18, 2), events hugeint, share double)")
    con.executemany(
        "insert into t values (?, ?, ?, ?)",
        [(f"A{i}", a, c, i / 7) for i, (a, c) in enumerate(zip(amounts, counts, strict=True))],
    )
    con.execute("insert into t values ('empty', null, null, null)")
    relation = con.table("t")
    cast = decimals_as_doubles(relation)
    assert cast.columns == relation.columns
    assert [str(t) for t in cast.types] == ["VARCHAR", "DOUBLE", "DOUBLE", "DOUBLE"]
    fast = to_pandas(cast).set_index("account_id")
    slow = to_pandas(relation).set_index("account_id")
    assert isinstance(slow["amount"].dropna().iloc[0], decimal.Decimal)  # what pandas gets without the cast
    for column in ("amount", "events"):
        expected = np.array([np.nan if v is None or pd.isna(v) else float(v) for v in slow[column]])
        np.testing.assert_array_equal(fast[column].to_numpy(dtype="float64"), expected)
    np.testing.assert_array_equal(fast["share"].to_numpy(), slow["share"].to_numpy())
    # a frame of another engine goes through untouched
    frame = pd.DataFrame({"amount": [decimal.Decimal("1.10")]})
    assert decimals_as_doubles(frame) is frame


def test_current_as_of_reads_the_current_role_or_says_it_is_missing() -> None:
    con = duckdb.connect()
    con.execute(
        "create table dates as select * from (values (date '2026-09-30', 'current'), (date '2026-07-02', 'train'),"
        " (date '2026-04-03', 'backtest')) as t(as_of_date, as_of_role)"
    )
    assert current_as_of(con.table("dates")) == dt.date(2026, 9, 30)
    con.execute("delete from dates where as_of_role = 'current'")
    with pytest.raises(ValueError, match="as_of_role = 'current'"):
        current_as_of(con.table("dates"))


def test_on_date_keeps_one_as_of_dates_rows_of_a_history_table() -> None:
    con = duckdb.connect()
    con.execute(
        "create table history as select * from (values (date '2026-08-31', 'a', 1), (date '2026-09-30', 'a', 2),"
        " (date '2026-09-30', 'b', 3)) as t(as_of_date, account_id, segment_id)"
    )
    current = current_as_of(con.sql("select date '2026-09-30' as as_of_date, 'current' as as_of_role"))
    rows = to_pandas(on_date(con.table("history"), current))
    assert sorted(rows["segment_id"].tolist()) == [2, 3]
    assert to_pandas(on_date(con.table("history"), pd.Timestamp("2026-08-31")))["segment_id"].tolist() == [1]


def test_latest_champions_keeps_the_latest_stored_champion_of_each_model_before_the_date() -> None:
    con = duckdb.connect()
    con.execute(
        "create table runs as select * from (values"
        " (date '2026-07-31', 'churn', 'gradient_boosting', true, 'c-jul'),"
        " (date '2026-08-31', 'churn', 'gradient_boosting', false, 'c-aug-challenger'),"
        " (date '2026-08-31', 'churn', 'gradient_boosting_kept', true, 'c-jul'),"
        " (date '2026-08-31', 'churn', 'rfm_logistic_baseline', false, null),"
        " (date '2026-09-30', 'churn', 'gradient_boosting', true, 'c-sep'),"
        " (date '2026-08-31', 'propensity', 'gradient_boosting', true, 'p-aug'),"
        " (date '2026-09-30', 'propensity', 'gradient_boosting', true, null)"
        ") as t(as_of_date, model_name, model_kind, is_champion, model_blob)"
    )
    rows = latest_champions(con, "runs", dt.date(2026, 9, 30)).sort_values("model_name")
    # September is the run itself; propensity's September champion has no stored model
    assert rows[["model_name", "model_kind", "model_blob"]].values.tolist() == [
        ["churn", "gradient_boosting_kept", "c-jul"],
        ["propensity", "gradient_boosting", "p-aug"],
    ]
    assert latest_champions(con, "runs", pd.Timestamp("2026-10-31"))["model_blob"].sort_values().tolist() == [
        "c-sep",
        "p-aug",
    ]
    assert latest_champions(con, "runs", "2026-07-31").empty
    # a run without training carries every row of the run that holds each model's champion
    carried = latest_champions(con, "runs", dt.date(2026, 9, 30), champions_only=False)
    assert sorted(carried[["model_name", "model_kind"]].itertuples(index=False, name=None)) == [
        ("churn", "gradient_boosting"),
        ("churn", "gradient_boosting_kept"),
        ("churn", "rfm_logistic_baseline"),
        ("propensity", "gradient_boosting"),
    ]


def test_a_stored_table_that_cannot_be_read_names_the_model_and_the_way_out() -> None:
    con = duckdb.connect()
    con.execute("create table kept as select 1 as n")
    assert stored_table(con, "kept", "ml_segment_validation")["n"].tolist() == [1]
    with pytest.raises(ValueError, match="(?s)ml_segment_validation: this run does not retrain .* --full-refresh"):
        stored_table(con, "ml.missing", "ml_segment_validation")
