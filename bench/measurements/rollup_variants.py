# One-off measurement script, kept as it was run (see README.md here).
# From the daily rollup's full-build SQL (dbt compile --full-refresh, copied to /tmp/s22/roll_A.sql), writes
# B (the same blocks without the distinct users and sessions) and C (B as one aggregation, no blocks).
import re
a = open('/tmp/s22/roll_A.sql').read()
b = a.replace("count(distinct user_id) as active_user_count,", "").replace("count(distinct session_id) as session_count,", "")
open('/tmp/s22/roll_B.sql', 'w').write(b)
i = b.index("aggregated_to_day as (")
j = b.index("final as (")
first = re.search(r"select\s+account_id,.*?group by account_id, activity_date", b[i:j], re.S).group(0)
first = re.sub(r"where \(activity_date < .*?\)\s*\n", " \n", first, flags=re.S)
open('/tmp/s22/roll_C.sql', 'w').write(b[:i] + "aggregated_to_day as (\n" + first + "\n),\n\n" + b[j:])
