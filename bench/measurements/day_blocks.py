# One-off measurement script, kept as it was run (see README.md here): the daily rollup as blocks of days.
import sys
s=open('/tmp/p3/daily.sql').read()
s=s.replace('\nevents as (', '\nevents as not materialized (').replace('\nclassified as (', '\nclassified as not materialized (')
head, agg = s.split('aggregated_to_day as (')
body = agg.split('final as (')[0].strip().rstrip(',').strip()[:-1]
bounds = sys.argv[2].split(',')
conds = [f"activity_date < date '{bounds[0]}'"] + [f"activity_date >= date '{a}' and activity_date < date '{b}'" for a,b in zip(bounds, bounds[1:])] + [f"activity_date >= date '{bounds[-1]}'"]
parts = [body.replace('from classified', f'from classified where {c}') for c in conds]
open(sys.argv[1],'w').write(head + 'aggregated_to_day as (\n' + '\n    union all\n'.join('select * from (' + p + ')' for p in parts) + ')\nselect * from aggregated_to_day')
