# One-off measurement script, kept as it was run (see README.md here, section "Purchase days, billed seats,
# lookalike history"). Run from the repository root; scratch files in /tmp/s20 and /tmp/p1.
import duckdb, time
con=duckdb.connect('bench/out/tier_1000000/warehouse.duckdb',read_only=True)
con.sql("set memory_limit='6GB'; set threads=2; set preserve_insertion_order=false; set temp_directory='/tmp/p1/spill'")
q=open('/tmp/p1/usage_old.sql').read()
head=q[:q.index('final as (')]
for part in ['window_counts','earlier_activity','distinct_counts']:
    t=time.time(); con.sql(f"create or replace temp table p as {head} final as (select * from {part}) select * from final"); print(part, round(time.time()-t,1), con.sql('select count(*) from p').fetchall(), flush=True)
t=time.time(); con.sql(f"create or replace temp table p as {q}"); print('all', round(time.time()-t,1), flush=True)
