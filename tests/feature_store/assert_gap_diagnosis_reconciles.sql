{#- The gap table counts every default of the store (all dates), no more, no less; so does the
    weekly one. -#}
with diagnosis as (

    select sum(default_count) as defaults_in_diagnosis
    from {{ ref('feature_gap_diagnosis') }}

),

store as (

    select sum(default_feature_count) as defaults_in_store
    from {{ ref('ml_feature_store_v2') }}

),

weekly as (

    select sum(default_count) as defaults_in_weekly
    from {{ ref('feature_default_weekly') }}

)

select *
from diagnosis cross join store cross join weekly
where diagnosis.defaults_in_diagnosis != store.defaults_in_store
    or weekly.defaults_in_weekly != store.defaults_in_store
