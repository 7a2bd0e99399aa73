# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# bench/out/tier_1000000/warehouse.duckdb for the 1M bench warehouse (run from the repository root).
import time, cProfile, pstats, pandas as pd, datetime
from segmentation.scoring import train_all
f = pd.read_parquet('/tmp/p1/features.parquet'); o = pd.read_parquet('/tmp/p1/outcomes.parquet')
print(len(f), len(o))
t=time.time()
pr=cProfile.Profile(); pr.enable()
runs = train_all(f, o, None, as_of_date=datetime.date(2026,10,1))
pr.disable()
print('train_all', time.time()-t)
print(runs[['model_name','model_kind','roc_auc','pr_auc']]); import sys; runs.drop(columns=['model_blob']).to_parquet(sys.argv[1])
pstats.Stats(pr).sort_stats('tottime').print_stats(18)
