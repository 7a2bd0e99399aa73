# One-off measurement script, kept as it was run (see README.md here).
# train_all on the 085b6b3 benchmark's 1M warehouse (after its scheduled run): once without history (a
# full build), then again one day later with that run's champions (a scheduled run). Prints each run's
# time, metrics and decision, and how many evaluated accounts the champion trained on.
# Before: PYTHONPATH=<a copy of src at the parent commit>; after: the checkout.
import time, datetime as dt, duckdb, numpy as np, segmentation
from segmentation import scoring
from segmentation.dbt_io import current_as_of, to_pandas, decimals_as_doubles, only_columns, where
from segmentation.scoring import MODEL_FEATURES, TARGETS, train_all, labelled
con = duckdb.connect('/tmp/s26/benchout/tier_1000000/warehouse.duckdb', read_only=True)
KEYS = ["account_id", "as_of_date", "as_of_role"]
training = "as_of_role in ('train', 'backtest')"
f = to_pandas(decimals_as_doubles(only_columns(where(con.table("intermediate.int_account_features_as_of"), training), [*KEYS, *MODEL_FEATURES])))
o = to_pandas(only_columns(where(con.table("intermediate.int_account_outcomes"), training), [*KEYS, "is_label_complete", *TARGETS.values()]))
as_of = current_as_of(con.table("intermediate.int_as_of_dates"))
new = hasattr(scoring, "evaluation_sample")
def samples(frame):  # (training accounts, evaluated accounts) as this version draws them
    if new:
        return scoring.training_sample(frame, 200_000, 42), scoring.evaluation_sample(frame, 200_000, 42)
    return scoring._sample(frame, 200_000, 42), scoring._sample(frame, 200_000, 43)
show = ["model_name", "model_kind", "training_rows", "evaluation_rows", "roc_auc", "pr_auc", "decision"]
t = time.perf_counter(); first = train_all(f, o, None, as_of_date=as_of); took = time.perf_counter() - t
print(segmentation.__file__, "full build: train_all", round(took, 1), flush=True)
print(first[show].to_string(), flush=True)
later = as_of + dt.timedelta(days=1)
t = time.perf_counter(); second = train_all(f, o, first, as_of_date=later); took = time.perf_counter() - t
print(segmentation.__file__, "with the champions: train_all", round(took, 1), flush=True)
print(second[show].to_string(), flush=True)
for target in TARGETS:
    trained, evaluated = samples(labelled(f, o, "train", target))
    shared = len(set(trained["account_id"]) & set(evaluated["account_id"]))
    print(target, "evaluated accounts the champion trained on:", shared, "of", len(evaluated), flush=True)
