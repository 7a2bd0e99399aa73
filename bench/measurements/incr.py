# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# /tmp/p1/full_snapshot.duckdb for a copy of the 1M bench warehouse taken right after a full build.
import duckdb, time, re
sql = open('/tmp/wt/target/compiled/behavioral_segmentation/models/staging/base/base_product__events.sql').read()
sql = sql.replace('"warehouse".', '"w".')
c = duckdb.connect()
c.sql("attach '/tmp/p1/full_snapshot.duckdb' as w (read_only)")
c.sql("set threads=2; set memory_limit='6GB'; set preserve_insertion_order=false; set TimeZone='UTC'")
head = sql.split('\nranked as')[0]
def t(name, q):
    s=time.time(); r=c.sql(q).fetchall(); print(name, r[:3], round(time.time()-s,1), flush=True)
#t("changed_accounts", head + "\nselect count(*) from changed_accounts")
#t("changed_days", head + "\nselect count(*) from changed_days")
#t("reread", head + "\nselect count(*) from reread")
#t("raw scan typed", head + "\nselect count(*), max(occurred_date) from typed")
#t("candidates", head + "\nselect count(*), sum(is_stored) from candidates")
#t("whole", sql.replace('select * from final', 'select count(*) from final'))
s=time.time(); c.sql("create temp table tmpx as " + sql); print("create temp", round(time.time()-s,1), flush=True)
s=time.time(); open("/tmp/p1/incr_plan.txt","w").write(c.sql("explain analyze create temp table tmpy as " + sql).fetchall()[0][1]); print("again", round(time.time()-s,1), flush=True)
