{# grain: one row per feedback text or ticket subject of an account, with the account's current segment
   The words persona cards are drawn from, verbatim: every text of a segment, or a seeded sample of
   var persona_texts_per_segment texts when the segment has more: the first in the order of a hash of the
   source table and record id, then the record id (so the same texts every run). #}
with

as_of as (
    select as_of_date, as_of_end_at from {{ ref('int_as_of_dates') }}
    where as_of_role = 'current'
),

members as (
    select history.account_id, history.segment_id
    from {{ ref('fct_account_segment_history') }} as history
    inner join as_of on history.as_of_date = as_of.as_of_date
),

texts as (
    select
        'feedback' as source_table,
        feedback.feedback_id as record_id,
        feedback.account_id,
        feedback.feedback_text as text_value
    from {{ ref('stg_voc__feedback') }} as feedback
    cross join as_of
    where feedback.submitted_at is null or feedback.submitted_at < as_of.as_of_end_at
    union all
    select
        'support_tickets' as source_table,
        tickets.ticket_id as record_id,
        tickets.account_id,
        tickets.subject as text_value
    from {{ ref('stg_support__tickets') }} as tickets
    cross join as_of
    where tickets.subject is not null and tickets.opened_at < as_of.as_of_end_at
),

sampled as (
    select
        texts.source_table,
        texts.record_id,
        texts.account_id,
        members.segment_id,
        texts.text_value,
        -- one sort key, the fixed-length hash followed by the id (the order of the pair hash, id): on
        -- DuckDB a row_number over a single key kept to its first N rows is found without sorting every text
        {%- set record_hash = dbt.hash(dbt.concat(['texts.source_table', "'|'", 'texts.record_id'])) %}
        row_number() over (
            partition by members.segment_id
            order by {{ dbt.concat([record_hash, 'texts.record_id']) }}
        ) as sample_rank
    from texts
    inner join members on texts.account_id = members.account_id
),

final as (
    select
        source_table,
        record_id,
        account_id,
        segment_id,
        text_value as text
    from sampled
    where sample_rank <= {{ var('persona_texts_per_segment') }}
)

select * from final
