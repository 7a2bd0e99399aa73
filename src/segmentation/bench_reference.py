"""The two references the benchmark measures the pipeline against, on the same raw files.

    python -m segmentation.bench_reference floor  --raw DIR   # the least work any feature pipeline does
    python -m segmentation.bench_reference pandas --raw DIR   # what a user would write in a notebook

``floor``: one hand-written DuckDB query over the raw events and transactions producing the core
per-account aggregates (event count, distinct active days, distinct features, distinct users, last
activity, purchase count and sum), at DuckDB's default settings.

``pandas``: reads the raw events and transactions into pandas, computes the same aggregates plus RFM
(recency, frequency, monetary over 365 days, quintile scores) and 30/90-day usage, and runs a k-means
segmentation (log1p + standard scaling, k = 6, three seeded inits) with scikit-learn. Written to be fair:
only the needed columns are read, every step is vectorized, nothing is computed twice.

Both print one JSON line with the accounts and rows they produced.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def _source(raw: Path, table: str) -> str:
    single = raw / f"{table}.parquet"
    return f"read_parquet('{single}')" if single.exists() else f"read_parquet('{raw / table}/*.parquet')"


def floor(raw: Path) -> dict[str, object]:
    import duckdb

    query = f"""
        with events as (
            select
                account_id,
                count(*) as event_count,
                count(distinct cast(occurred_at as date)) as active_days,
                count(distinct event_name) as distinct_features,
                count(distinct user_id) as distinct_users,
                max(occurred_at) as last_activity_at
            from {_source(raw, "events")}
            group by account_id
        ),
        purchases as (
            select account_id, count(*) as purchase_count, sum(amount) as purchase_sum
            from {_source(raw, "transactions")}
            where transaction_type <> 'refund'
            group by account_id
        )
        select count(*), sum(event_count), sum(purchase_count)
        from events full outer join purchases using (account_id)
    """
    accounts, events, purchases = duckdb.connect().execute(query).fetchone()
    return {"accounts": int(accounts), "events": int(events or 0), "purchases": int(purchases or 0)}


def pandas_segmentation(raw: Path, k: int = 6, seed: int = 42) -> dict[str, object]:
    import numpy as np
    import pandas as pd
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    def read(table: str, columns: list[str]) -> pd.DataFrame:
        single = raw / f"{table}.parquet"
        if single.exists():
            return pd.read_parquet(single, columns=columns)
        return pd.concat(
            [pd.read_parquet(part, columns=columns) for part in sorted((raw / table).glob("*.parquet"))],
            ignore_index=True,
        )

    events = read("events", ["account_id", "user_id", "event_name", "occurred_at"])
    transactions = read("transactions", ["account_id", "occurred_at", "transaction_type", "amount"])
    as_of = events["occurred_at"].max().normalize() + pd.Timedelta(days=1)
    events["day"] = events["occurred_at"].dt.floor("D")
    grouped = events.groupby("account_id", sort=False)
    usage = pd.DataFrame(
        {
            "event_count": grouped.size(),
            "active_days": grouped["day"].nunique(),
            "distinct_features": grouped["event_name"].nunique(),
            "distinct_users": grouped["user_id"].nunique(),
            "last_activity_at": grouped["occurred_at"].max(),
        }
    )
    for days in (30, 90):
        recent = events[events["occurred_at"] >= as_of - pd.Timedelta(days=days)]
        by = recent.groupby("account_id", sort=False)
        usage[f"events_{days}d"] = by.size()
        usage[f"active_days_{days}d"] = by["day"].nunique()
    del events, grouped
    purchases = transactions[transactions["transaction_type"] != "refund"]
    year = purchases[purchases["occurred_at"] >= as_of - pd.Timedelta(days=365)]
    by = year.groupby("account_id", sort=False)
    rfm = pd.DataFrame(
        {
            "frequency": by.size(),
            "monetary": by["amount"].sum().astype(float),
            "recency_days": (as_of - purchases.groupby("account_id", sort=False)["occurred_at"].max()).dt.days,
        }
    )
    features = usage.join(rfm, how="outer").fillna({"frequency": 0, "monetary": 0.0})
    features["recency_days"] = features["recency_days"].fillna(9999)
    for column, ascending in (("recency_days", False), ("frequency", True), ("monetary", True)):
        ranks = features[column].rank(method="first", ascending=ascending)
        features[column[0].upper() + "_score"] = np.ceil(5 * ranks / len(features)).astype(int)
    numeric = features[
        [
            "event_count",
            "active_days",
            "distinct_features",
            "distinct_users",
            "events_30d",
            "active_days_30d",
            "events_90d",
            "active_days_90d",
            "frequency",
            "monetary",
            "recency_days",
        ]
    ].fillna(0)
    X = StandardScaler().fit_transform(np.log1p(numeric.clip(lower=0).to_numpy(dtype=float)))
    labels = KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(X)
    return {"accounts": len(features), "clusters": int(len(set(labels)))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m segmentation.bench_reference", description=__doc__.split("\n")[0])
    parser.add_argument("which", choices=["floor", "pandas"])
    parser.add_argument("--raw", type=Path, required=True)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    result = floor(args.raw) if args.which == "floor" else pandas_segmentation(args.raw)
    result["seconds"] = round(time.perf_counter() - began, 2)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
