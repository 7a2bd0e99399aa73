# One-off measurement script, kept as it was run (see README.md here).
# Stage seconds (segmentation.bench.stage_times), the models' sum, peak RSS and the seconds of the models and
# tests repeated_hashes serves, of the builds full_ab_hashes.sh left under /tmp/s27/<name>.
import json, sys
from pathlib import Path
from segmentation.bench import stage_times
for name in sys.argv[1:]:
    t = Path(f'/tmp/s27/{name}/target')
    s = {k: round(v, 1) for k, v in stage_times(t).items()}
    r = json.load(open(t / 'run_results.json'))['results']
    d = {x['unique_id'].split('.')[2]: round(x['execution_time'], 1) for x in r}
    rss = [l for l in open(f'/tmp/s27/{name}/time') if 'Maximum resident' in l][0].split()[-1]
    models = sum(v for k, v in s.items() if k not in ('tests', 'seeds'))
    keys = ['base_product__events', 'base_billing__transactions', 'ml_model_runs', 'ml_account_scores',
            'unique_stg_product__events_event_id', 'unique_combination_int_account_activity_daily_account_id__activity_date']
    print(name, s, 'models', round(models, 1), 'rss GiB', round(int(rss) / 2**20, 2), {k: d.get(k) for k in keys})
    print('  ', [l.strip() for l in open(f'/tmp/s27/{name}/out') if 'Done.' in l])
