-- The daily rollup counts a day's distinct features as bits of a 64-bit mask, one bit per feature of the
-- catalog plus 'other': the catalog may name at most 62 features besides 'other'.
with

features as (
    select coalesce(feature, 'other') as feature from {{ ref('event_catalog') }}
    union
    select 'other' as feature
),

problems as (
    select
        'event_catalog names ' || cast(count(*) - 1 as {{ dbt.type_string() }})
        || ' features besides other; at most 62 fit the daily rollup''s feature mask' as problem
    from features
    having count(*) > 63
)

select * from problems
