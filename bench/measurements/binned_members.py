# One-off measurement script, kept as it was run (see README.md here).
# A calibrated member's probabilities on every account of the 1M warehouse: predict_proba against the trees
# traversed on the rows' bins (_TreeSum), compared bit for bit. Argument: the checkout whose src is used.
import sys, time, duckdb, json
import numpy as np
sys.path.insert(0, sys.argv[1] + '/src')
from segmentation.scoring import decode_model, _TreeSum
con = duckdb.connect('/work/main/bench/out/tier_1000000/warehouse.duckdb', read_only=True)
asof = con.sql("select as_of_date from intermediate.int_as_of_dates where as_of_role='current'").fetchall()[0][0]
runs = con.sql(f"select * from ml.ml_model_runs where as_of_date = date '{asof}' and is_champion").to_arrow_table().to_pandas()
row = runs.iloc[0]; model = decode_model(row.model_blob); feats = json.loads(row.feature_list)
cols = ', '.join(f'cast("{c}" as double) as "{c}"' for c in feats)
d = con.sql(f'select {cols} from features.fct_account_features').fetchnumpy()
X = np.column_stack([d[c] for c in feats]).astype('float64')
for rep in range(3):
    for m in model.calibrated_classifiers_[1:]:
        t=time.time(); p = m.predict_proba(X)[:,1]; a=time.time()-t
        t=time.time(); ts=_TreeSum(m); every=list(range(len(ts.trees)))
        q = np.concatenate([ts.proba(ts.leaves(ts.bins(X[s:s+100_000]), every)) for s in range(0, len(X), 100_000)])
        b=time.time()-t
        print('raw', round(a,2), 'binned', round(b,2), np.array_equal(p,q))
