"""One row per exported file: CRM table, change set and ad audiences as parquet and CSV, atomically."""

from pathlib import Path

import pandas as pd

from segmentation.dbt_io import release_cached_memory
from segmentation.export import (
    MANIFEST_SCHEMA,
    audience_layouts,
    export_tables,
    sha256_of,
    to_arrow,
    write_text_atomic,
)


def model(dbt, session):
    dbt.config(materialized="table")
    release_cached_memory(session)
    meta = dbt.config.get("meta")
    folder = (meta or {}).get("exports_dir") or ""
    current = to_arrow(dbt.ref("crm_account_segments"))
    changes = to_arrow(dbt.ref("crm_account_segment_changes"))
    audience = to_arrow(dbt.ref("lookalike_audience"))
    cards = to_arrow(dbt.ref("persona_cards")).to_pandas()
    if not folder.strip():
        return MANIFEST_SCHEMA.empty_table().to_pandas()
    tables = {"crm_account_segments": current, "crm_account_segment_changes": changes, **audience_layouts(audience)}
    manifest = export_tables(tables, folder)
    markdown = "# Persona cards\n\n" + "\n\n".join(cards.sort_values("segment_id")["card_markdown"].fillna(""))
    path = Path(folder) / "persona_cards.md"
    write_text_atomic(markdown + "\n", path)
    rows = manifest.to_pydict()
    for name, value in (
        ("file_name", path.name),
        ("file_format", "markdown"),
        ("row_count", len(cards)),
        ("sha256", sha256_of(path)),
    ):
        rows[name].append(value)
    return pd.DataFrame(rows).astype(
        {"file_name": "string", "file_format": "string", "row_count": "Int64", "sha256": "string"}
    )
