"""One row per model per as-of date: out-of-time metrics, the baseline, and the champion decision."""

from segmentation.dbt_io import output, params, read_table, to_pandas, where
from segmentation.scoring import RUN_SCHEMA, train_all


def model(dbt, session):
    dbt.config(
        materialized="incremental", unique_key="as_of_date", incremental_strategy="delete+insert", tags=["history"]
    )
    # training and the out-of-time evaluation use the train and backtest as-of dates, not the current one
    features = to_pandas(where(dbt.ref("int_account_features_as_of"), "as_of_role in ('train', 'backtest')"))
    outcomes = to_pandas(dbt.ref("int_account_outcomes"))
    history = read_table(session, dbt.this) if dbt.is_incremental else None
    dates = to_pandas(dbt.ref("int_as_of_dates"))
    as_of = dates.loc[dates["as_of_role"] == "current", "as_of_date"].iloc[0]
    runs = train_all(features, outcomes, history, as_of_date=as_of, **params(dbt.config.get("meta"), "scoring"))
    for row in runs.itertuples():
        print(f"model_runs {row.model_name}/{row.model_kind}: roc_auc={row.roc_auc} pr_auc={row.pr_auc} {row.decision}")
    return output(runs, RUN_SCHEMA, session)
