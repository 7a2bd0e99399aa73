"""One row per segment: a persona card built only from the data."""

from segmentation.dbt_io import output, release_cached_memory, to_pandas
from segmentation.personas import PERSONA_SCHEMA, persona_cards


def model(dbt, session):
    dbt.config(materialized="table")
    release_cached_memory(session)
    summary = to_pandas(dbt.ref("segment_summary"))
    trends = to_pandas(dbt.ref("segment_trends"))
    playbook = to_pandas(dbt.ref("segment_playbook"))
    experiments = to_pandas(dbt.ref("segment_experiments"))
    texts = to_pandas(dbt.ref("int_segment_texts"))
    return output(persona_cards(summary, trends, playbook, experiments, texts), PERSONA_SCHEMA, session)
