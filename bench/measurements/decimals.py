# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# bench/out/tier_1000000/warehouse.duckdb for the 1M bench warehouse (run from the repository root).
import duckdb, time
from segmentation.dbt_io import to_pandas, only_columns, where
from segmentation.scoring import MODEL_FEATURES
con=duckdb.connect('bench/out/tier_1000000/warehouse.duckdb',read_only=True)
KEYS=["account_id", "as_of_date", "as_of_role"]
rel=where(con.table('intermediate.int_account_features_as_of'), "as_of_role in ('train','backtest')")
t=time.time(); tb=only_columns(rel,[*KEYS,*MODEL_FEATURES]).fetch_arrow_table(); print('arrow', time.time()-t)
t=time.time(); df=tb.to_pandas(); print('to pandas', time.time()-t)
sel=", ".join(KEYS+[f"cast({c} as double) as {c}" for c in MODEL_FEATURES])
t=time.time(); tb2=rel.select(sel).fetch_arrow_table(); df2=tb2.to_pandas(); print('cast in duckdb + pandas', time.time()-t)
import numpy as np, pandas as pd
from segmentation.scoring import feature_matrix
t=time.time(); a=feature_matrix(df, list(MODEL_FEATURES)); print('matrix decimals', time.time()-t)
t=time.time(); b=feature_matrix(df2, list(MODEL_FEATURES)); print('matrix doubles', time.time()-t)
print('equal', np.array_equal(a,b,equal_nan=True))
