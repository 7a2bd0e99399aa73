# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# bench/out/tier_1000000/warehouse.duckdb for the 1M bench warehouse (run from the repository root).
import time, cProfile, pstats, pandas as pd, datetime, sys
from segmentation.value import score_accounts
f = pd.read_parquet('/tmp/p1/fct.parquet'); r = pd.read_parquet('/tmp/p1/runs.parquet'); b = pd.read_parquet('/tmp/p1/btyd.parquet')
print(len(f), len(b))
t=time.time()
pr=cProfile.Profile(); pr.enable()
s = score_accounts(f, r, b)
pr.disable()
print('score_accounts', time.time()-t)
s.to_parquet(sys.argv[1] if len(sys.argv)>1 else '/tmp/p1/scores_before.parquet')
pstats.Stats(pr).sort_stats('tottime').print_stats(15)
