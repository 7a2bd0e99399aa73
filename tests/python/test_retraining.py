"""The retraining cadence: a scheduled run trains only when the stored champions are var
retrain_every_days old; between trainings the stored champions, validation and segments are carried to T."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from conftest import Project, make_project
from segmentation.generate import DEFAULT_END_DATE
from segmentation.scoring import RUN_SCHEMA, carry_runs
from segmentation.segments import CENTROID_SCHEMA, carry_segments

FIRST = DEFAULT_END_DATE - dt.timedelta(days=20)
RUN_COLUMNS = "model_name, model_kind, model_version, training_as_of_date, roc_auc, pr_auc, is_champion, model_blob"


def build(project: Project, as_of: dt.date, *args: str) -> None:
    project.dbt("build", "--vars", f"{{as_of_date: '{as_of}'}}", *args)


def roles(project: Project) -> dict[str, dt.date]:
    frame = project.query("select as_of_role, as_of_date from intermediate.int_as_of_dates")
    return {row.as_of_role: pd.Timestamp(row.as_of_date).date() for row in frame.itertuples()}


def runs_on(project: Project, as_of: dt.date) -> pd.DataFrame:
    return project.query(
        f"select {RUN_COLUMNS}, decision from ml.ml_model_runs where as_of_date = date '{as_of}' order by 1, 2"
    )


def centroids_on(project: Project, as_of: dt.date) -> pd.DataFrame:
    return project.query(f"select * from ml.ml_segment_centroids where as_of_date = date '{as_of}' order by segment_id")


def test_runs_between_trainings_carry_the_champions_the_validation_and_the_segments(tmp_path: Path) -> None:
    project = make_project(tmp_path, accounts=1500, seed=5)
    build(project, FIRST)
    assert set(roles(project)) == {"current", "train", "backtest"}
    trained = runs_on(project, FIRST)
    assert trained["is_champion"].fillna(False).sum() == 2, "the first run must leave a churn and a propensity champion"
    validation = project.query("select * exclude (as_of_date) from marts.segment_validation order by all")
    fitted = centroids_on(project, FIRST)
    assert (fitted["clustering_status"] == "ok").all() and fitted["status_reason"].isna().all()

    # a day later (default cadence: 7 days): nothing is trained, the stored champions score T
    later = FIRST + dt.timedelta(days=1)
    build(project, later)
    assert roles(project) == {"current": later}
    assert project.query("select count(*) as n from intermediate.int_account_outcomes")["n"][0] == 0
    carried = runs_on(project, later)
    pd.testing.assert_frame_equal(carried.drop(columns="decision"), trained.drop(columns="decision"))
    assert (carried["decision"] == f"carried from {FIRST}: " + trained["decision"]).all()
    scores = project.query(
        f"""
        select count(*) as n, count(churn_risk_score) as scored,
            count(distinct churn_model_version) as versions, min(churn_model_version) as version
        from ml.ml_account_scores where as_of_date = date '{later}'
        """
    )
    accounts = project.query("select count(*) as n from features.fct_account_features")["n"][0]
    assert scores["n"][0] == scores["scored"][0] == accounts
    champion = trained[(trained["model_name"] == "churn") & trained["is_champion"].fillna(False)]
    assert scores["version"][0] == champion["model_version"].iloc[0] and scores["versions"][0] == 1
    pd.testing.assert_frame_equal(
        project.query("select * exclude (as_of_date) from marts.segment_validation order by all"), validation
    )
    backtest_dates = validation["backtest_as_of_date"].map(lambda d: pd.Timestamp(d).date())
    assert backtest_dates.eq(FIRST - dt.timedelta(days=90)).all()
    # the segments keep T's fit: the same centroids, and every account assigned to one of them
    kept = centroids_on(project, later)
    fit_columns = ["segment_id", "segment_name", "n_clusters", "features_json", "center_json", "scale_json"]
    fit_columns += ["centroid_scaled_json", "centroid_raw_json", "profile_json", "fit_account_count"]
    pd.testing.assert_frame_equal(kept[fit_columns], fitted[fit_columns])
    assert (kept["status_reason"] == f"carried from the fit of {FIRST}").all()
    assert not kept["is_new_segment"].any() and kept["previous_match_distance"].eq(0).all()
    assigned = project.query(
        "select distinct segment_id from ml.ml_segment_assignments"
        f" where as_of_date = date '{later}' and segment_id > 0"
    )
    assert not assigned.empty and set(assigned["segment_id"]) <= set(fitted["segment_id"])

    # var retrain_every_days: 1 retrains on every new as-of date; so does a full refresh
    project.dbt("build", "--select", "int_as_of_dates", "--vars", f"{{as_of_date: '{later}', retrain_every_days: 1}}")
    assert set(roles(project)) == {"current", "train", "backtest"}
    project.dbt("build", "--select", "int_as_of_dates", "--full-refresh", "--vars", f"{{as_of_date: '{later}'}}")
    assert set(roles(project)) == {"current", "train", "backtest"}

    # seven days after the training (the default cadence) the next run trains again, against the champion
    due = FIRST + dt.timedelta(days=7)
    build(project, due)
    assert set(roles(project)) == {"current", "train", "backtest"}
    retrained = runs_on(project, due)
    assert not retrained["decision"].str.startswith("carried").any()
    assert not retrained["decision"].str.contains("no earlier champion").any()
    training_dates = retrained["training_as_of_date"].dropna().map(lambda d: pd.Timestamp(d).date())
    assert not training_dates.empty and training_dates.eq(due - dt.timedelta(days=90)).all()
    refit = centroids_on(project, due)
    assert (refit["clustering_status"] == "ok").all() and refit["status_reason"].isna().all()


def test_carried_runs_keep_the_date_of_the_run_that_trained_them() -> None:
    stored = pd.DataFrame({name: [None, None] for name in RUN_SCHEMA})
    stored["model_name"] = ["churn", "churn"]
    stored["model_kind"] = ["gradient_boosting", "rfm_logistic_baseline"]
    stored["as_of_date"] = [dt.date(2026, 9, 2), dt.date(2026, 9, 2)]
    stored["decision"] = ["carried from 2026-09-01: promoted: no earlier champion", "baseline for comparison"]
    carried = carry_runs(stored, pd.Timestamp("2026-09-03"))
    assert carried["as_of_date"].tolist() == [dt.date(2026, 9, 3)] * 2
    assert carried["decision"].tolist() == [
        "carried from 2026-09-01: promoted: no earlier champion",
        "carried from 2026-09-02: baseline for comparison",
    ]
    with pytest.raises(ValueError, match="no stored champion before 2026-09-03 was found to carry"):
        carry_runs(stored.iloc[:0], dt.date(2026, 9, 3))


def test_carried_segments_keep_the_date_of_their_fit_and_a_failed_run_is_not_carried() -> None:
    def run(day: dt.date, status: str = "ok", reason: str | None = None) -> pd.DataFrame:
        rows = pd.DataFrame({name: [None, None] for name in CENTROID_SCHEMA})
        rows["as_of_date"], rows["segment_id"], rows["segment_name"] = [day] * 2, [2, 1], ["B", "A"]
        rows["is_new_segment"], rows["previous_match_distance"] = [True, False], [None, 0.4]
        rows["clustering_status"], rows["status_reason"] = [status] * 2, [reason] * 2
        return rows

    fit = run(dt.date(2026, 9, 1))
    carried = carry_segments(fit, pd.Timestamp("2026-09-02"))
    assert carried["as_of_date"].tolist() == [dt.date(2026, 9, 2)] * 2
    assert carried["segment_id"].tolist() == [1, 2] and carried["segment_name"].tolist() == ["A", "B"]
    assert carried["status_reason"].tolist() == ["carried from the fit of 2026-09-01"] * 2
    assert not carried["is_new_segment"].any() and carried["previous_match_distance"].eq(0).all()
    # a carry of a carry still names the fit; rows dated on or after T are not read
    history = pd.concat([fit, carried, run(dt.date(2026, 9, 3), "insufficient_data", "insufficient data: x")])
    again = carry_segments(history, dt.date(2026, 9, 3))
    assert again["status_reason"].tolist() == ["carried from the fit of 2026-09-01"] * 2
    assert again["as_of_date"].tolist() == [dt.date(2026, 9, 3)] * 2
    # a latest run that could not cluster, or no run before T: this run fits
    assert carry_segments(history, dt.date(2026, 9, 4)) is None
    assert carry_segments(fit, dt.date(2026, 9, 1)) is None
    assert carry_segments(None, dt.date(2026, 9, 2)) is None
