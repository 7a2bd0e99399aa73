# One-off measurement script, kept as it was run (see README.md here): the slowest nodes of a run_results.json.
import json,sys
r=json.load(open(sys.argv[1]))["results"]
n=int(sys.argv[2]) if len(sys.argv)>2 else 30
tot=sum(x["execution_time"] for x in r)
print("total node time", round(tot,1))
for x in sorted(r,key=lambda x:-x["execution_time"])[:n]:
    print(f'{x["execution_time"]:7.2f} {x["unique_id"]}')
