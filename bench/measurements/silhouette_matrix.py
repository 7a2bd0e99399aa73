# One-off measurement script, kept as it was run (see README.md here).
# Silhouettes of four k: each from the points, then all from one precomputed distance matrix.
import time, numpy as np
from sklearn.metrics import silhouette_score, pairwise_distances_chunked
from sklearn.cluster import KMeans
rng = np.random.default_rng(0)
n, d = 5000, 25
Z = rng.standard_normal((n, d)) * rng.uniform(0.1, 3, d)
labs = [KMeans(n_clusters=k, n_init=2, random_state=0).fit(Z).labels_ for k in range(4, 8)]
for rep in range(3):
    t = time.time(); old = [silhouette_score(Z, l) for l in labs]; t_old = time.time() - t
    t = time.time(); D = np.vstack(list(pairwise_distances_chunked(Z))); new = [silhouette_score(D, l, metric="precomputed") for l in labs]; t_new = time.time() - t
    del D
    print(round(t_old, 3), round(t_new, 3), old == new)
