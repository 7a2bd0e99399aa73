"""The clustering as dbt builds it on fresh data: identical builds, stability under perturbation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from conftest import copy_raw, make_project

TO_ASSIGNMENTS = ("--select", "+ml_segment_assignments")


def test_two_builds_on_identical_data_give_identical_segments(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a", accounts=1500, seed=11)
    second = copy_raw(first, tmp_path / "b")
    first.dbt("build", *TO_ASSIGNMENTS)
    second.dbt("build", *TO_ASSIGNMENTS)
    query = "select * from ml.ml_segment_assignments order by account_id"
    pd.testing.assert_frame_equal(first.query(query), second.query(query))
    query = "select * exclude (previous_match_distance) from ml.ml_segment_centroids order by segment_id"
    pd.testing.assert_frame_equal(first.query(query), second.query(query))


def test_perturbing_five_percent_of_accounts_keeps_the_others_in_their_segment(tmp_path: Path) -> None:
    project = make_project(tmp_path, accounts=4200, seed=42)
    project.dbt("build", *TO_ASSIGNMENTS, "--vars", "{as_of_date: '2026-09-29'}")
    rng = np.random.default_rng(0)
    accounts = project.raw("accounts")["account_id"]
    perturbed = set(rng.choice(accounts, size=int(0.05 * len(accounts)), replace=False))
    # the perturbed accounts' raw activity: about half of their events and tickets vanish, and the
    # remaining events move by up to two days
    for table, column in (("events", "occurred_at"), ("support_tickets", "opened_at")):
        frame = project.raw(table)
        hit = frame["account_id"].isin(perturbed).to_numpy()
        frame = frame[~hit | (rng.random(len(frame)) < 0.5)].copy()
        hit = frame["account_id"].isin(perturbed).to_numpy()
        shift = pd.to_timedelta(rng.integers(-48, 1, size=int(hit.sum())), unit="h")
        frame.loc[hit, column] = frame.loc[hit, column] + shift
        project.write_raw(table, frame)
    project.dbt("build", *TO_ASSIGNMENTS, "--vars", "{as_of_date: '2026-09-30'}")

    both = (
        project.query(
            """
        select account_id, as_of_date, segment_id
        from ml.ml_segment_assignments
        where as_of_date in ('2026-09-29', '2026-09-30')
        """
        )
        .pivot(index="account_id", columns="as_of_date", values="segment_id")
        .dropna()
    )
    others = both[~both.index.isin(perturbed)]
    kept = (others.iloc[:, 0] == others.iloc[:, 1]).mean()
    print(f"\nunperturbed accounts keeping their segment id: {kept:.3%}")
    assert kept >= 0.95
