"""Atomic file exports for file-based reverse ETL and BI: parquet and CSV.

Each file is written next to its destination under a temporary name and moved into place with
``os.replace``, an atomic rename: a reader sees the previous complete file or the new complete file,
never a half-written one. An empty table gives a file with the columns (CSV header) and no rows.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

MANIFEST_SCHEMA = pa.schema(
    [("file_name", pa.string()), ("file_format", pa.string()), ("row_count", pa.int64()), ("sha256", pa.string())]
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_text_atomic(text: str, path: Path) -> None:
    """Write a text file (e.g. the persona cards as Markdown) with the same atomic replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp_name, 0o644)
    os.replace(tmp_name, path)


def write_atomic(table: pa.Table, path: Path, file_format: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if file_format == "parquet":
            pq.write_table(table, tmp)
        elif file_format == "csv":
            pacsv.write_csv(table, tmp)
        else:
            raise ValueError(f"unknown export format {file_format!r}")
        os.chmod(tmp, 0o644)  # readable by the BI tool or sync agent, like any other export
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def export_tables(tables: dict[str, pa.Table], folder: str | Path) -> pa.Table:
    """Write each table as ``<name>.parquet`` and ``<name>.csv`` into ``folder``; return a manifest."""
    rows = []
    for name, table in tables.items():
        for file_format in ("parquet", "csv"):
            path = Path(folder) / f"{name}.{file_format}"
            write_atomic(table, path, file_format)
            rows.append((path.name, file_format, table.num_rows, sha256_of(path)))
    return pa.Table.from_pylist(
        [dict(zip(MANIFEST_SCHEMA.names, r, strict=True)) for r in rows], schema=MANIFEST_SCHEMA
    )


def to_arrow(relation: object) -> pa.Table:
    """An arrow table, keeping column types even when empty (DuckDB relation or pandas frame)."""
    if hasattr(relation, "fetch_arrow_table"):
        return relation.fetch_arrow_table()
    if hasattr(relation, "arrow"):
        result = relation.arrow()
        return result.read_all() if hasattr(result, "read_all") else result
    if hasattr(relation, "toPandas"):
        return pa.Table.from_pandas(relation.toPandas(), preserve_index=False)
    return pa.Table.from_pandas(relation, preserve_index=False)


def audience_layouts(audience: pa.Table) -> dict[str, pa.Table]:
    """The lookalike audience in the column layouts the ad platforms' customer-list uploads take.

    Google Customer Match: Email and Phone as SHA-256 of the normalized email and E.164 phone, Country
    as the two-letter code. Meta custom audience: email, phone (SHA-256 of the digits with country code,
    no '+') and country (SHA-256 of the lower-case code). Only hashed identifiers leave the warehouse.
    """
    google = pa.table(
        {
            "Email": audience.column("email_sha256"),
            "Phone": audience.column("phone_e164_sha256"),
            "Country": audience.column("country_code"),
        }
    )
    meta = pa.table(
        {
            "email": audience.column("email_sha256"),
            "phone": audience.column("phone_digits_sha256"),
            "country": audience.column("country_sha256"),
        }
    )
    return {"audience_google_customer_match": google, "audience_meta_custom_audience": meta}
