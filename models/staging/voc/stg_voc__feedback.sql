with

checked as (
    select * from {{ ref('base_voc__feedback') }}
),

final as (
    select
        feedback_id,
        account_id,
        contact_id,
        source,
        submitted_at,
        score,
        feedback_text
    from checked
    where quarantine_rule is null
)

select * from final
