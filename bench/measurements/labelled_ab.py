# One-off measurement script, kept as it was run (see README.md here).
# labelled() before (a copy of src at ac406ae in /tmp/s27/old) and after, on the 085b6b3 benchmark's 1M warehouse
# (argv[1], read only): the frames compared exactly, each call timed.
import sys, time, duckdb, pandas as pd, importlib.util
from segmentation.dbt_io import to_pandas, decimals_as_doubles, only_columns, where
from segmentation.scoring import MODEL_FEATURES, TARGETS, labelled
spec = importlib.util.spec_from_file_location("old_scoring", "/tmp/s27/old/src/segmentation/scoring.py"); old = importlib.util.module_from_spec(spec); spec.loader.exec_module(old)
con = duckdb.connect(sys.argv[1], read_only=True)
KEYS = ["account_id", "as_of_date", "as_of_role"]
training = "as_of_role in ('train', 'backtest')"
f = to_pandas(decimals_as_doubles(only_columns(where(con.table("intermediate.int_account_features_as_of"), training), [*KEYS, *MODEL_FEATURES])))
o = to_pandas(only_columns(where(con.table("intermediate.int_account_outcomes"), training), [*KEYS, "is_label_complete", *TARGETS.values()]))
for role in ("backtest", "train"):
    for target in TARGETS:
        t = time.perf_counter(); a = old.labelled(f, o, role, target); ta = time.perf_counter() - t
        t = time.perf_counter(); b = labelled(f, o, role, target); tb = time.perf_counter() - t
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        print(role, target, len(b), "equal; before", round(ta, 2), "s, after", round(tb, 2), "s", flush=True)
