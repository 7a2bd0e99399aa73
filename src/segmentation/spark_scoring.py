"""Scoring on a Spark DataFrame: the population-level fit on the driver, the rows in partitions.

``score_accounts_spark`` gives the same table as ``segmentation.value.score_accounts`` (the pandas path):

- the driver fits the scoring context from small inputs only: the explainer sample (the first
  ``context_sample_size`` accounts by MD5 of account_id, the same accounts the pandas path takes) and the
  BTYD summaries of the non-contractual accounts (four numbers per account);
- every partition is scored with ``mapInPandas`` by ``score_rows``, whose result for a row depends only
  on that row and the context;
- percentiles rank the whole population with a window (``cume_dist``: the share of accounts scoring at
  or below, as pandas' ``rank(method="max", pct=True)``), rounded by the same NumPy call.

pyspark is imported lazily: the rest of the package never needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from segmentation.value import (
    BTYD_COLUMNS,
    PREFIX,
    SCORE_SCHEMA,
    context_sample,
    fit_scoring_context,
    non_contract_summaries,
    score_rows,
)

SPARK_TYPES = {"string": "string", "Int64": "bigint", "Float64": "double", "boolean": "boolean", "object": "date"}


def spark_schema(schema: dict[str, str]) -> str:
    """A DDL schema string for a package schema (column -> pandas dtype)."""
    return ", ".join(f"`{name}` {SPARK_TYPES[dtype]}" for name, dtype in schema.items())


def _to_pandas(frame: Any) -> pd.DataFrame:
    return frame if isinstance(frame, pd.DataFrame) else frame.toPandas()


def score_accounts_spark(
    features: Any,
    runs: pd.DataFrame,
    btyd: Any,
    *,
    context_sample_size: int = 200_000,
    **settings: Any,
) -> Any:
    """Scores of every account of the features' as-of date, as a Spark DataFrame (``SCORE_SCHEMA``).
    ``settings``: as for ``segmentation.value.score_accounts``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    as_of = features.select(F.max("as_of_date")).first()[0]
    summary = (
        btyd.where(F.col("as_of_date") == F.lit(as_of))
        .select("account_id", *BTYD_COLUMNS)
        .withColumn("has_btyd_summary", F.lit(True))
    )
    rows = features.drop(*[c for c in (*BTYD_COLUMNS, "has_btyd_summary") if c in features.columns]).join(
        summary, on="account_id", how="left"
    )

    sample = (
        features.withColumn("_key", F.md5(F.col("account_id").cast("string")))
        .orderBy("_key", "account_id")
        .limit(context_sample_size)
        .drop("_key")
    )
    flags = rows.select(
        "account_id", "has_active_subscription", "has_subscription_history", "has_btyd_summary", *BTYD_COLUMNS
    )
    non_contract = non_contract_summaries(_to_pandas(flags.where(F.col("has_btyd_summary"))))
    sample = context_sample(_to_pandas(sample), context_sample_size)
    ctx = fit_scoring_context(sample, runs, non_contract, as_of_date=as_of, **settings)

    def score_partitions(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            yield score_rows(batch.reset_index(drop=True), ctx)

    scored = rows.mapInPandas(score_partitions, schema=spark_schema(SCORE_SCHEMA))
    for prefix in PREFIX.values():
        score = F.col(f"{prefix}_score")
        share = F.when(score.isNotNull(), F.cume_dist().over(Window.orderBy(score.asc_nulls_last())))
        scored = scored.withColumn(f"{prefix}_percentile", share)

    def round_percentiles(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            for prefix in PREFIX.values():
                share = batch[f"{prefix}_percentile"].astype("float64").to_numpy()
                batch[f"{prefix}_percentile"] = np.round(100.0 * share, 2)
            yield batch

    return scored.mapInPandas(round_percentiles, schema=spark_schema(SCORE_SCHEMA))
