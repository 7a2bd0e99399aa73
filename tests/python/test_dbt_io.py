"""What the dbt Python models hand to DuckDB keeps its types, even when a column is all NULL."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from segmentation.dbt_io import output, params
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


def test_params_are_typed_from_rendered_yaml_text() -> None:
    meta = {"segmenter": {"min_clusters": "4", "match_threshold": "1.0", "other": "x"}}
    assert params(meta, "segmenter") == {"min_clusters": 4, "match_threshold": 1.0, "other": "x"}
    assert params(None, "segmenter") == {}
