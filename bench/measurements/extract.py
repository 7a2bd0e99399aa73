# One-off measurement script, kept as it was run (see README.md here). Paths: /tmp/p1 for scratch files,
# bench/out/tier_1000000/warehouse.duckdb for the 1M bench warehouse (run from the repository root).
import duckdb, time
from segmentation.scoring import MODEL_FEATURES, TARGETS
con = duckdb.connect('bench/out/tier_1000000/warehouse.duckdb', read_only=True)
print(con.sql("select * from intermediate.int_as_of_dates").fetchall())
KEYS = ["account_id", "as_of_date", "as_of_role"]
cols = ",".join(KEYS+list(MODEL_FEATURES))
con.sql(f"copy (select {cols} from intermediate.int_account_features_as_of where as_of_role in ('train','backtest')) to '/tmp/p1/features.parquet'")
cols = ",".join(KEYS+['is_label_complete']+list(TARGETS.values()))
con.sql(f"copy (select {cols} from intermediate.int_account_outcomes where as_of_role in ('train','backtest')) to '/tmp/p1/outcomes.parquet'")
con.sql("copy (select * from features.fct_account_features) to '/tmp/p1/fct.parquet'")
con.sql("copy (select * from intermediate.int_account_btyd_summary) to '/tmp/p1/btyd.parquet'")
con.sql("copy (select * from ml.ml_model_runs) to '/tmp/p1/runs.parquet'")
print(con.sql("select as_of_date, model_name, model_kind, is_champion, roc_auc, pr_auc, training_rows, evaluation_rows from ml.ml_model_runs").fetchall())
