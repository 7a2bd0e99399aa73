-- The daily rollup counts a day's distinct features as bits of a 64-bit mask, one bit per feature of the
-- catalog plus 'other': the catalog may name at most 62 features besides 'other', and none named 'other'.
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
    union all
    -- 'other' is the bit of the events the catalog does not name; a catalog feature of that name would
    -- share it, and the usage features could not tell the two apart
    select 'event_catalog names a feature ''other'', the name kept for events the catalog does not name' as problem
    from {{ ref('event_catalog') }}
    where feature = 'other'
    having count(*) > 0
)

select * from problems
