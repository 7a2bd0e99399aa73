# One-off measurement script, kept as it was run (see README.md here).
import sys, time, duckdb, json
import numpy as np, pandas as pd
sys.path.insert(0, '/work/main/src')
from segmentation import scoring
from segmentation.scoring import MODEL_FEATURES, TARGETS, train_all
con = duckdb.connect('/work/main/bench/out/tier_1000000/warehouse.duckdb', read_only=True)
KEYS = ["account_id", "as_of_date", "as_of_role"]
t=time.time()
cols = ", ".join(KEYS + [f"cast({c} as double) as {c}" if True else c for c in MODEL_FEATURES])
feats = con.sql(f"select {', '.join(KEYS)}, {', '.join('cast('+c+' as double) as '+c for c in MODEL_FEATURES)} from intermediate.int_account_features_as_of where as_of_role in ('train','backtest')").to_arrow_table().to_pandas()
outc = con.sql(f"select {', '.join(KEYS)}, is_label_complete, {', '.join(TARGETS.values())} from intermediate.int_account_outcomes where as_of_role in ('train','backtest')").to_arrow_table().to_pandas()
print('load', round(time.time()-t,1), len(feats), flush=True)
mode = sys.argv[1]
orig = scoring.make_model
if mode == 'noens':
    from sklearn.calibration import CalibratedClassifierCV
    def mm(random_state=42):
        m = orig(random_state); m.set_params(ensemble=False); return m
    scoring.make_model = mm
# time fit/predict pieces
import sklearn.calibration as C
fit_t=[0.0]; pred_t=[0.0]
of, op = C.CalibratedClassifierCV.fit, C.CalibratedClassifierCV.predict_proba
def f(self,*a,**k):
    s=time.time(); r=of(self,*a,**k); fit_t[0]+=time.time()-s; return r
def p(self,*a,**k):
    s=time.time(); r=op(self,*a,**k); pred_t[0]+=time.time()-s; return r
C.CalibratedClassifierCV.fit=f; C.CalibratedClassifierCV.predict_proba=p
t=time.time()
runs = train_all(feats, outc, None, as_of_date=None)
print(mode, 'train_all', round(time.time()-t,1), 'fit', round(fit_t[0],1), 'predict', round(pred_t[0],1))
print(runs[['model_name','model_kind','roc_auc','pr_auc']].to_string())
runs.to_pickle(f'/tmp/s24/runs_{mode}.pkl')
