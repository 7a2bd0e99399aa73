-- The R x F segment map covers all 25 cells exactly once, with scores 1 to 5.
with

cells as (
    select
        r_score,
        f_score,
        count(*) as mapped
    from {{ ref('rfm_segment_map') }}
    group by r_score, f_score
),

problems as (
    select 'cell mapped more than once' as problem from cells
    where mapped > 1
    union all
    select 'score outside 1-5' as problem from cells
    where r_score not between 1 and 5 or f_score not between 1 and 5
    union all
    select 'grid is not 25 cells' as problem from (select count(*) as n from cells) as c
    where n != 25
    union all
    select 'cell without a segment' as problem from {{ ref('rfm_segment_map') }}
    where rfm_segment is null
)

select * from problems
