from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from segmentation.archetypes import ARCHETYPE_NAMES
from segmentation.generate import EVENT_NAMES, SCHEMAS, GeneratorConfig, generate, main

ROOT = Path(__file__).resolve().parents[2]


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: pq.read_table(folder / f"{name}.parquet").to_pandas() for name in SCHEMAS}


def test_same_seed_same_data_and_other_seed_other_data(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", tmp_path / "ta", GeneratorConfig(accounts=150, seed=7))
    b = generate(tmp_path / "b", tmp_path / "tb", GeneratorConfig(accounts=150, seed=7))
    generate(tmp_path / "c", tmp_path / "tc", GeneratorConfig(accounts=150, seed=8))
    assert a == b
    first, second, other = _tables(tmp_path / "a"), _tables(tmp_path / "b"), _tables(tmp_path / "c")
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(first[name], second[name])
    assert not first["events"].equals(other["events"])


def test_writes_every_contract_table_with_the_contract_columns(tmp_path: Path) -> None:
    generate(tmp_path / "raw", tmp_path / "truth", GeneratorConfig(accounts=120, seed=1))
    sources = yaml.safe_load((ROOT / "models/staging/_raw__sources.yml").read_text())
    contract = {t["name"]: [c["name"] for c in t["columns"]] for s in sources["sources"] for t in s["tables"]}
    assert set(contract) == set(SCHEMAS)
    for name, columns in contract.items():
        assert pq.read_schema(tmp_path / "raw" / f"{name}.parquet").names == columns


def test_truth_is_outside_the_raw_folder_and_plants_seven_archetypes(tmp_path: Path) -> None:
    generate(tmp_path / "raw", tmp_path / "truth", GeneratorConfig(accounts=600, seed=3))
    assert not any("truth" in p.name or "archetype" in p.name for p in (tmp_path / "raw").iterdir())
    truth = pd.read_parquet(tmp_path / "truth" / "accounts.parquet")
    assert len(truth) == 600 and truth["account_id"].is_unique
    assert set(truth["archetype"]) == set(ARCHETYPE_NAMES)
    # archetypes cut across firmographic segments: power users span Enterprise and Mid-Market
    power = truth[truth["archetype"] == "power_user"]["firmographic_segment"].value_counts(normalize=True)
    assert {"Enterprise", "Mid-Market"} <= set(power.index) and power.max() < 0.8


def test_generated_event_names_are_catalogued_except_the_planted_unknown(tmp_path: Path) -> None:
    catalog = pd.read_csv(ROOT / "seeds/event_catalog.csv")
    assert set(EVENT_NAMES) <= set(catalog["event_name"])
    generate(tmp_path / "raw", tmp_path / "truth", GeneratorConfig(accounts=200, seed=2))
    names = set(pd.read_parquet(tmp_path / "raw" / "events.parquet")["event_name"])
    assert names - set(catalog["event_name"]) == {"legacy_ping"}


def test_csv_format_writes_csv_files(tmp_path: Path) -> None:
    generate(tmp_path / "raw", tmp_path / "truth", GeneratorConfig(accounts=50, seed=1), fmt="csv")
    for name in SCHEMAS:
        assert (tmp_path / "raw" / f"{name}.csv").exists()
        assert not (tmp_path / "raw" / f"{name}.parquet").exists()


def test_cli_refuses_truth_inside_the_raw_folder(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--accounts", "10", "--out", str(tmp_path / "raw"), "--truth", str(tmp_path / "raw" / "truth")])


def test_zero_accounts_writes_empty_tables(tmp_path: Path) -> None:
    rows = generate(tmp_path / "raw", tmp_path / "truth", GeneratorConfig(accounts=0, seed=1))
    assert rows["accounts"] == 0 and rows["events"] == 0
    assert pq.read_table(tmp_path / "raw" / "accounts.parquet").num_rows == 0
