# One-off measurement script (see README.md here); the naming rules' line is simplified from the run's.
# fit_segments at 10k, once plain, once under cProfile; usage: prof_segments.py <warehouse>
import cProfile, pstats, duckdb, sys, time
from segmentation.dbt_io import decimals_as_doubles, to_pandas, read_table
from segmentation.segments import fit_segments
con = duckdb.connect(sys.argv[1], read_only=True)
f = to_pandas(decimals_as_doubles(con.table("features.fct_account_features")))
rules = con.sql("select * from reference.cluster_naming_rules").df()
print(len(f))
t=time.time(); fit_segments(f, rules, None); print(time.time()-t)
cProfile.run("fit_segments(f, rules, None)", "/tmp/s22/c.prof")
pstats.Stats("/tmp/s22/c.prof").sort_stats("cumulative").print_stats(25)
