# One-off measurement script, kept as it was run (see README.md here).
# train_all at 10k: calibration folds one after the other, then in two threads. Usage: threads_folds.py <warehouse>
import time, duckdb, sys
import pandas as pd
from joblib import parallel_config
from segmentation.dbt_io import decimals_as_doubles, only_columns, to_pandas, where
import segmentation.scoring as sc
from segmentation.scoring import MODEL_FEATURES, TARGETS, train_all
KEYS = ["account_id", "as_of_date", "as_of_role"]
con = duckdb.connect(sys.argv[1], read_only=True)
training = "as_of_role in ('train', 'backtest')"
f = to_pandas(decimals_as_doubles(only_columns(where(con.table("intermediate.int_account_features_as_of"), training), [*KEYS, *MODEL_FEATURES])))
o = to_pandas(only_columns(where(con.table("intermediate.int_account_outcomes"), training), [*KEYS, "is_label_complete", *TARGETS.values()]))
orig = sc.make_model
def par_model(random_state=42):
    m = orig(random_state); m.set_params(n_jobs=2); return m
train_all(f, o, None)
res = {}
for rep in range(2):
    for name in ("seq", "thr"):
        sc.make_model = orig if name == "seq" else par_model
        t = time.time()
        if name == "thr":
            with parallel_config(backend="threading"):
                r = train_all(f, o, None)
        else:
            r = train_all(f, o, None)
        print(name, round(time.time() - t, 2), flush=True)
        res[name] = r
pd.testing.assert_frame_equal(res["seq"].drop(columns="model_blob"), res["thr"].drop(columns="model_blob"))
print("identical")
