# One-off measurement script, kept as it was run (see README.md here).
# Silhouettes of four k on 5,000 random points: from the points, then from one distance matrix, eight runs each.
import time, numpy as np, duckdb
from sklearn.metrics import silhouette_score, pairwise_distances_chunked
from segmentation.dbt_io import decimals_as_doubles, to_pandas
from segmentation.clustering import BehavioralSegmenter
import inspect
con = duckdb.connect('/tmp/s21/ab/old2.duckdb', read_only=True)
f = to_pandas(decimals_as_doubles(con.table("features.fct_account_features")))
rng = np.random.default_rng(0)
Z = rng.standard_normal((5000, 20))
from sklearn.cluster import KMeans
labs = [KMeans(n_clusters=k, n_init=1, random_state=0).fit(Z).labels_ for k in range(4, 8)]
to, tn = [], []
for rep in range(8):
    t = time.perf_counter(); old = [silhouette_score(Z, l) for l in labs]; to.append(time.perf_counter() - t)
    t = time.perf_counter(); D = np.vstack(list(pairwise_distances_chunked(Z))); new = [silhouette_score(D, l, metric="precomputed") for l in labs]; tn.append(time.perf_counter() - t); del D
    assert old == new
print("old", [round(x, 2) for x in to], "median", round(float(np.median(to)), 3))
print("new", [round(x, 2) for x in tn], "median", round(float(np.median(tn)), 3))
