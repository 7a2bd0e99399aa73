"""One row per model per as-of date: out-of-time metrics, the baseline, and the champion decision."""

from segmentation.dbt_io import (
    current_as_of,
    decimals_as_doubles,
    is_training_run,
    latest_champions,
    only_columns,
    output,
    params,
    release_cached_memory,
    to_pandas,
    where,
)
from segmentation.scoring import MODEL_FEATURES, RUN_SCHEMA, TARGETS, carry_runs, train_all

KEYS = ["account_id", "as_of_date", "as_of_role"]


def model(dbt, session):
    dbt.config(
        materialized="incremental", unique_key="as_of_date", incremental_strategy="delete+insert", tags=["history"]
    )
    release_cached_memory(session)
    as_of_dates = dbt.ref("int_as_of_dates")
    as_of = current_as_of(as_of_dates)
    if is_training_run(as_of_dates):
        runs = train(dbt, session, as_of)
    else:  # no retraining due (var retrain_every_days): the stored champions score T
        previous = latest_champions(session, dbt.this, as_of, champions_only=False) if dbt.is_incremental else None
        runs = carry_runs(previous, as_of)
    for row in runs.itertuples():
        print(f"model_runs {row.model_name}/{row.model_kind}: roc_auc={row.roc_auc} pr_auc={row.pr_auc} {row.decision}")
    return output(runs, RUN_SCHEMA, session)


def train(dbt, session, as_of):
    # training and the out-of-time evaluation use the train and backtest as-of dates, not the current one;
    # only those rows, and the columns the models use, reach pandas
    training = "as_of_role in ('train', 'backtest')"
    features = where(dbt.ref("int_account_features_as_of"), training)
    features = to_pandas(decimals_as_doubles(only_columns(features, [*KEYS, *MODEL_FEATURES])))
    outcomes = where(dbt.ref("int_account_outcomes"), training)
    outcomes = to_pandas(only_columns(outcomes, [*KEYS, "is_label_complete", *TARGETS.values()]))
    # of the history, only the latest champions before this date (the runs add their pickled models)
    history = latest_champions(session, dbt.this, as_of) if dbt.is_incremental else None
    return train_all(features, outcomes, history, as_of_date=as_of, **params(dbt.config.get("meta"), "scoring"))
