# One-off measurement script, kept as it was run (see README.md here).
# train_all at 10k under cProfile (first install); usage: prof_train.py <warehouse>
import cProfile, pstats, duckdb, sys
from segmentation.dbt_io import decimals_as_doubles, only_columns, to_pandas, where
from segmentation.scoring import MODEL_FEATURES, TARGETS, train_all
KEYS = ["account_id", "as_of_date", "as_of_role"]
con = duckdb.connect(sys.argv[1], read_only=True)
training = "as_of_role in ('train', 'backtest')"
f = to_pandas(decimals_as_doubles(only_columns(where(con.table("intermediate.int_account_features_as_of"), training), [*KEYS, *MODEL_FEATURES])))
o = to_pandas(only_columns(where(con.table("intermediate.int_account_outcomes"), training), [*KEYS, "is_label_complete", *TARGETS.values()]))
train_all(f, o, None)
cProfile.run("train_all(f, o, None)", "/tmp/s22/train.prof")
pstats.Stats("/tmp/s22/train.prof").sort_stats("cumulative").print_stats(30)
