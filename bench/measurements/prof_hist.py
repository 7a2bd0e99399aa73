# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import time, cProfile, pstats, pandas as pd, datetime, duckdb
from segmentation.scoring import train_all
f = pd.read_parquet('/tmp/p1/features.parquet'); o = pd.read_parquet('/tmp/p1/outcomes.parquet')
h = pd.read_parquet('/tmp/p1/runs.parquet')
as_of = max(pd.to_datetime(f['as_of_date'])).date() + datetime.timedelta(days=90)
print(len(f), len(o), len(h), as_of, h['as_of_date'].unique())
for hist in (None, h):
    t=time.time(); pr=cProfile.Profile(); pr.enable()
    runs = train_all(f, o, hist, as_of_date=as_of)
    pr.disable(); print('train_all history' if hist is not None else 'train_all', round(time.time()-t,1))
    pstats.Stats(pr).sort_stats('cumtime').print_stats(25)
