# One-off measurement script, kept as it was run (see README.md here).
# Of the (row, tree) pairs the reasons could traverse again (the first 100,000 rows of the 1M warehouse's
# current features; each champion's first member; per candidate, the trees that split on it), how many
# hold a row whose bin of the candidate differs from the median's, how many cross one of the tree's
# splits on it (a row on the other side of some split on the candidate, on its path or not), and how many
# are re-traversed now (moved_leaves: the leaf changes).
import json, numpy as np, duckdb
from segmentation.dbt_io import decimals_as_doubles, to_pandas, on_date, current_as_of
from segmentation.scoring import decode_model, fit_explainer, _TreeSum
from segmentation.value import _matrix
con = duckdb.connect('bench/out/tier_1000000/warehouse.duckdb', read_only=True)
as_of = current_as_of(con.table("intermediate.int_as_of_dates"))
runs = to_pandas(on_date(con.table("ml.ml_model_runs"), as_of))
f = to_pandas(decimals_as_doubles(con.table("features.fct_account_features")))
con.close()
for _, row in runs[runs.is_champion.fillna(False).astype(bool)].iterrows():
    model = decode_model(row.model_blob); feats = json.loads(row.feature_list)
    X = _matrix(f, feats)[:100000]
    ex = fit_explainer(model, X)
    ts = _TreeSum(model.calibrated_classifiers_[0])
    binned = ts.bins(X); mb = ts.bins(ex["median"][None, :])[0]
    reached, _ = ts.reach(binned)
    pairs = differ = cross = moved = 0
    for j in ex["chosen"]:
        for t, tree in enumerate(ts.trees):
            if j not in ts.splits_on[t]:
                continue
            nodes = tree.nodes
            side = np.zeros(256, dtype=bool)
            for n in nodes[(nodes["is_leaf"] == 0) & (nodes["feature_idx"] == j)]:
                b = np.arange(256)
                left = np.where(b == ts.missing_bin, bool(n["missing_go_to_left"]), b <= n["bin_threshold"])
                side |= left != left[mb[j]]
            pairs += len(X); differ += int((binned[:, j] != mb[j]).sum())
            cross += int(side[binned[:, j]].sum()); moved += int(ts.moved_leaves(t, j, mb[j])[reached[t]].sum())
    print(row.model_name, len(ts.trees), "trees; pairs", pairs, "bin differs", round(differ / pairs, 3),
          "crosses a split", round(cross / pairs, 3), "leaf changes", round(moved / pairs, 3))
