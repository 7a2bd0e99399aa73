{# grain: one row per sampled account, plus one row per segment centroid
   The cluster map for BI tools and the report: accounts and centroids in the first two principal
   components of the scaled behavioral space. #}
with

points as (
    select * from {{ ml_ref('ml_segment_map') }}
),

final as (
    select
        cast(as_of_date as date) as as_of_date,
        cast(point_kind as {{ dbt.type_string() }}) as point_kind,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(segment_id as {{ dbt.type_int() }}) as segment_id,
        cast(segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(x as {{ dbt.type_float() }}) as x,
        cast(y as {{ dbt.type_float() }}) as y
    from points
)

select * from final
