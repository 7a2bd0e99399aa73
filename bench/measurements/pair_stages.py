# One-off measurement script, kept as it was run (see README.md here).
# Stage seconds, peak RSS and the slowest nodes of the builds full_sched_pair.sh left under the given directories.
import json, sys
from pathlib import Path
from segmentation.bench import stage_times
for d in sys.argv[1:]:
    for run in ('full', 'sched'):
        t = Path(d) / f'target_{run}'
        if not (t / 'run_results.json').exists():
            continue
        s = stage_times(t)
        r = json.load(open(t / 'run_results.json'))['results']
        rows = sorted(((round(x['execution_time'], 1), x['unique_id'].split('.')[2]) for x in r), reverse=True)
        tm = open(Path(d) / f'{run}.time').read()
        wall = [l for l in tm.splitlines() if 'Elapsed' in l][0].split()[-1]
        rss = int([l for l in tm.splitlines() if 'Maximum resident' in l][0].split()[-1]) / 2**20
        done = [l.strip()[-80:] for l in open(Path(d) / f'{run}.out') if 'Done.' in l]
        print(d, run, wall, f'{rss:.2f} GiB', s, done)
        print('   ', rows[:int(sys.argv[0] and 25)])
