# One-off measurement script, kept as it was run (see README.md here).
# context_sample() before (a copy of src at ac406ae in /tmp/s27/old) and after, on the 085b6b3 benchmark's 1M
# warehouse (argv[1], read only): the samples compared exactly, each call timed, twice.
import sys, time, duckdb, pandas as pd, importlib.util
from segmentation.dbt_io import to_pandas, decimals_as_doubles
from segmentation.value import context_sample
spec = importlib.util.spec_from_file_location("old_value", "/tmp/s27/old/src/segmentation/value.py"); old = importlib.util.module_from_spec(spec); sys.modules["old_value"] = old; spec.loader.exec_module(old)
con = duckdb.connect(sys.argv[1], read_only=True)
f = to_pandas(decimals_as_doubles(con.table("features.fct_account_features")))
for i in range(2):
    t = time.perf_counter(); a = old.context_sample(f, 200_000); ta = time.perf_counter() - t
    t = time.perf_counter(); b = context_sample(f, 200_000); tb = time.perf_counter() - t
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    print(len(f), len(b), "equal; before", round(ta, 2), "s, after", round(tb, 2), "s", flush=True)
