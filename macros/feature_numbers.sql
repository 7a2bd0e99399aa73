{# Each feature of the event catalog, and 'other' (events the catalog does not name), numbered from 0 in
   name order: the daily rollup's feature mask has one bit per number, and the usage features read the
   mask with the same numbers. The event_catalog data test keeps the numbers within 62 and 'other' out of
   the catalog's own feature names. #}
{% macro feature_numbers(catalog) %}
    select
        feature,
        cast(row_number() over (order by feature) - 1 as integer) as feature_number
    from (
        select coalesce(feature, 'other') as feature from {{ catalog }}
        union
        select 'other' as feature
    ) as features
{% endmacro %}
