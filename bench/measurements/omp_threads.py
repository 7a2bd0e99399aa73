# One-off measurement script, kept as it was run (see README.md here).
# train_all at 10k with OpenMP limited to two threads, then one, three times each, alternating; usage: omp_threads.py <warehouse>
import time, duckdb, sys
import pandas as pd
from threadpoolctl import threadpool_limits
from segmentation.dbt_io import decimals_as_doubles, only_columns, to_pandas, where
from segmentation.scoring import MODEL_FEATURES, TARGETS, train_all
KEYS = ["account_id", "as_of_date", "as_of_role"]
con = duckdb.connect(sys.argv[1], read_only=True)
training = "as_of_role in ('train', 'backtest')"
f = to_pandas(decimals_as_doubles(only_columns(where(con.table("intermediate.int_account_features_as_of"), training), [*KEYS, *MODEL_FEATURES])))
o = to_pandas(only_columns(where(con.table("intermediate.int_account_outcomes"), training), [*KEYS, "is_label_complete", *TARGETS.values()]))
print(len(f))
train_all(f, o, None)
res = {}
for rep in range(3):
    for n in (2, 1):
        t = time.time()
        with threadpool_limits(limits=n, user_api="openmp"):
            r = train_all(f, o, None)
        print(n, round(time.time() - t, 2), flush=True)
        res[n] = r
pd.testing.assert_frame_equal(res[1].drop(columns="model_blob"), res[2].drop(columns="model_blob"))
print("identical")
