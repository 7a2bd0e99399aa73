"""Small adapters between dbt Python models and the package, portable across engines.

dbt hands a Python model a DuckDB relation (dbt-duckdb), a Spark DataFrame (Databricks) or a Snowpark
DataFrame (Snowflake); the package works on pandas frames.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def is_spark(relation: Any) -> bool:
    """Whether dbt handed over a Spark DataFrame (Databricks, or a local Spark session)."""
    return type(relation).__module__.startswith("pyspark.")


def to_pandas(relation: Any) -> pd.DataFrame:
    """A pandas frame from whatever ``dbt.ref`` / ``dbt.source`` returned."""
    if isinstance(relation, pd.DataFrame):
        return relation
    if hasattr(relation, "toPandas"):  # Spark
        return relation.toPandas()
    if hasattr(relation, "to_arrow_table"):  # DuckDB: arrow is faster than .df()
        return relation.to_arrow_table().to_pandas()
    if hasattr(relation, "fetch_arrow_table"):  # DuckDB before 1.4
        return relation.fetch_arrow_table().to_pandas()
    if hasattr(relation, "arrow"):
        table = relation.arrow()
        if hasattr(table, "read_all"):
            table = table.read_all()
        return table.to_pandas()
    if hasattr(relation, "to_pandas"):  # Snowpark
        return relation.to_pandas()
    raise TypeError(f"cannot turn {type(relation).__name__} into a pandas frame")


def where(relation: Any, condition: str) -> Any:
    """Rows of what ``dbt.ref`` returned that meet a SQL condition, filtered in the warehouse before
    anything reaches pandas (DuckDB relations, Spark and Snowpark DataFrames all take a SQL string)."""
    return relation.filter(condition)


def current_as_of(as_of_dates: Any) -> Any:
    """The current as-of date T from what ``dbt.ref("int_as_of_dates")`` returned: the date of its row
    whose ``as_of_role`` is 'current' (filtered in the warehouse)."""
    current = to_pandas(where(as_of_dates, "as_of_role = 'current'"))
    if current.empty:
        raise ValueError("int_as_of_dates has no row with as_of_role = 'current': the as-of dates were not built")
    return current["as_of_date"].iloc[0]


def on_date(relation: Any, as_of: Any) -> Any:
    """The rows of a history table (one set of rows per ``as_of_date``) for one as-of date, filtered in the
    warehouse: history grows with every run, and only one date's rows should reach pandas."""
    return where(relation, f"as_of_date = date '{str(as_of)[:10]}'")


def only_columns(relation: Any, names: list[str]) -> Any:
    """The named columns of what ``dbt.ref`` returned (those it has, in the given order), projected in the
    warehouse so the others never reach pandas (DuckDB relations, Spark and Snowpark DataFrames)."""
    present = set(relation.columns)
    return relation.select(*[name for name in names if name in present])


def decimals_as_doubles(relation: Any) -> Any:
    """On DuckDB, what ``dbt.ref`` returned with its DECIMAL and HUGEINT columns (sums and amounts) cast to
    DOUBLE in the warehouse. pandas would otherwise hold them as Python ``Decimal`` objects, one per value,
    slow to build and to convert (at 1M accounts, seconds per column). DuckDB's cast gives the same double
    as Python's ``float(Decimal)`` (``tests/python/test_dbt_io.py``). Other engines' frames are returned
    unchanged (the package converts whatever types arrive)."""
    if "duckdb" not in type(relation).__module__:
        return relation
    exact = ("DECIMAL", "HUGEINT", "UHUGEINT")
    columns = [
        f'cast("{name}" as double) as "{name}"' if str(dtype).upper().startswith(exact) else f'"{name}"'
        for name, dtype in zip(relation.columns, relation.types, strict=True)
    ]
    return relation.select(", ".join(columns))


_UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}


def _shown_limit_bytes(shown: str) -> int:
    """The memory limit DuckDB shows (e.g. '5.5 GiB', rounded down to 0.1 of the unit) as a byte count in
    the middle of that step, so setting it gives back the same shown value."""
    value, unit = shown.split()
    step = 0.05 if unit != "bytes" else 0
    return int((float(value) + step) * _UNITS[unit])


def release_cached_memory(session: Any, floor: str = "1GB") -> bool:
    """On DuckDB, evict the table blocks the build left in the buffer pool before a model builds its pandas
    frames on top of them (DuckDB caches up to memory_limit; at 1M accounts that is gigabytes): lower the
    limit, then set it back (to the value DuckDB shows, within its 0.1 GiB display step; dbt-duckdb applies
    the profile's settings again on the next model's cursor). When DuckDB cannot free that much (memory it
    cannot evict, such as a recent delete's version data), the limit stays as it was and the run goes on.
    Returns whether it evicted."""
    if "duckdb" not in type(session).__module__:
        return False
    limit = _shown_limit_bytes(session.execute("select current_setting('memory_limit')").fetchone()[0])
    try:
        session.execute(f"set memory_limit = '{floor}'")
    except Exception:  # duckdb.OutOfMemoryException: nothing was changed
        return False
    session.execute(f"set memory_limit = '{limit}b'")
    return True


def read_table(session: Any, name: str) -> pd.DataFrame:
    """Read a table the model itself wrote earlier (``dbt.this``), on DuckDB, Spark or Snowpark."""
    if hasattr(session, "table"):
        return to_pandas(session.table(str(name)))
    return to_pandas(session.sql(f"select * from {name}"))


def latest_champions(session: Any, name: str, as_of: Any, *, champions_only: bool = True) -> pd.DataFrame:
    """The model-runs rows (``ml_model_runs``, the model's own table) that can score as of ``as_of``: per
    model name, the champion rows with a stored model of the latest as-of date before ``as_of`` (with
    ``champions_only=False``, every row of that model's run on that date: what a run without training
    carries). Filtered in the warehouse with SQL every engine runs: the table gains each run's pickled
    models, and only the current champions should reach pandas."""
    day = f"date '{str(as_of)[:10]}'"
    champions = f"select * from {name} where is_champion and model_blob is not null and as_of_date < {day}"
    rows = f"({champions})" if champions_only else name
    query = (
        f"select runs.* from {rows} as runs inner join ("
        f"select model_name, max(as_of_date) as latest from ({champions}) as dated group by model_name"
        ") as latest on runs.model_name = latest.model_name and runs.as_of_date = latest.latest"
    )
    return to_pandas(session.sql(query))


def is_training_run(as_of_dates: Any) -> bool:
    """Whether this run trains (``int_as_of_dates`` has the 'train' as-of date T - H) or carries the
    stored champions and validation to T (var retrain_every_days)."""
    return not to_pandas(where(as_of_dates, "as_of_role = 'train'")).empty


def stored_table(session: Any, name: str, model: str) -> pd.DataFrame:
    """The table a model left in an earlier run (``dbt.this``), for a run that carries it forward."""
    try:
        return read_table(session, name)
    except Exception as error:  # the engines raise their own catalog errors
        raise ValueError(
            f"{model}: this run does not retrain (var retrain_every_days), but the table an earlier run left "
            f"({name}) cannot be read to carry forward: {error}. Run `dbt build --full-refresh` to retrain."
        ) from error


INT_PARAMS = {
    "min_clusters",
    "max_clusters",
    "sample_size",
    "random_state",
    "horizon_days",
    "train_sample_size",
    "evaluation_sample_size",
    "context_sample_size",
}
FLOAT_PARAMS = {"match_threshold", "k_change_margin", "promote_ratio", "band_medium", "band_high"}


def params(meta: dict[str, Any] | None, key: str) -> dict[str, Any]:
    """Typed keyword arguments from a model's ``config.meta[key]`` (YAML renders vars as text)."""
    raw = dict((meta or {}).get(key) or {})
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if name in INT_PARAMS:
            out[name] = int(value)
        elif name in FLOAT_PARAMS:
            out[name] = float(value)
        else:
            out[name] = value
    return out


_ARROW_TYPES = {
    "string": "string",
    "Int64": "int64",
    "Float64": "float64",
    "boolean": "bool_",
    "object": "date32",  # the as-of dates
}


def output(frame: pd.DataFrame, schema: dict[str, str], session: Any) -> Any:
    """What a model returns, with explicit column types, so a column whose values are all NULL in this
    run is still typed (pandas would give the warehouse a NULL-typed column that an incremental model
    then keeps forever): on DuckDB an arrow table, on Spark a Spark DataFrame, elsewhere the typed
    pandas frame."""
    module = type(session).__module__
    if module.startswith("pyspark."):
        from segmentation.spark_scoring import spark_schema

        return session.createDataFrame(_python_rows(frame, schema), schema=spark_schema(schema))
    if "duckdb" not in module:  # the DuckDB connection class lives in the _duckdb module
        return frame
    import pyarrow as pa
    import pyarrow.compute as pc

    fields, columns = [], []
    for name, dtype in schema.items():
        arrow_type = getattr(pa, _ARROW_TYPES[dtype])()
        values = frame[name]
        if pa.types.is_date32(arrow_type):  # the day of each value, as datetime.date would give it
            columns.append(pc.cast(pa.array(pd.to_datetime(values)), arrow_type, safe=False))
        else:  # missing values (None, NaN, NA) become NULL
            columns.append(pa.array(values.astype(dtype), type=arrow_type, from_pandas=True))
        fields.append(pa.field(name, arrow_type))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def _python_rows(frame: pd.DataFrame, schema: dict[str, str]) -> list[tuple]:
    """The frame as tuples of Python values (None for missing, dates as dates), in schema order."""
    cast = {"Int64": int, "Float64": float, "boolean": bool, "string": str}
    columns = []
    for name, dtype in schema.items():
        values = frame[name]
        if dtype == "object":
            values = pd.to_datetime(values).dt.date
        convert = cast.get(dtype, lambda v: v)
        columns.append([None if pd.isna(v) else convert(v) for v in values.astype(object)])
    return list(zip(*columns, strict=True)) if columns else []
