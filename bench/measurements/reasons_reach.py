# One-off measurement script, kept as it was run (see README.md here).
# Reasons at 1M (first 200,000 accounts): which rows and trees a candidate's change to its median can move.
import duckdb, json, numpy as np
from segmentation.dbt_io import decimals_as_doubles, to_pandas, on_date, current_as_of
from segmentation.scoring import decode_model, feature_matrix, fit_explainer, _TreeSum
con = duckdb.connect('bench/out/tier_1000000/warehouse.duckdb', read_only=True)
as_of = current_as_of(con.table("intermediate.int_as_of_dates"))
runs = to_pandas(on_date(con.table("ml.ml_model_runs"), as_of))
f = to_pandas(decimals_as_doubles(con.table("features.fct_account_features"))).head(200000)
for _, run in runs[runs.is_champion & runs.model_blob.notna()].iterrows():
    model = decode_model(run.model_blob); feats = json.loads(run.feature_list)
    X = feature_matrix(f, feats)
    ex = fit_explainer(model, X)
    member = model.calibrated_classifiers_[0]
    ts = _TreeSum(member)
    print(run.model_name, "trees", len(ts.trees))
    tot_d = tot_u = tot_pairs_d = tot_pairs_aff = 0
    for j in ex["chosen"]:
        x = X[:, j]; m = ex["median"][j]
        differs = ~(x == m)
        reached = [t for t in range(len(ts.trees)) if j in ts.splits_on[t]]
        union = np.zeros(len(x), bool); pairs = 0
        for t in reached:
            nodes = ts.trees[t].nodes
            thr = nodes["num_threshold"][(nodes["is_leaf"] == 0) & (nodes["feature_idx"] == j)]
            aff = np.isnan(x).copy()
            for th in thr:
                aff |= (x <= th) != (m <= th)
            union |= aff; pairs += aff.sum()
        print(f"  {feats[j]:28s} reached {len(reached):3d} differs {differs.mean():.2f} union {union.mean():.2f} pairs/(differs*reached) {pairs / max(1, differs.sum() * len(reached)):.2f}")
