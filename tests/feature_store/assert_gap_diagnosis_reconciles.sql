{#- The gap table counts every default of the store in its window, no more, no less. -#}
with diagnosis as (

    select sum(default_count) as defaults_in_diagnosis
    from {{ ref('feature_gap_diagnosis') }}

),

store as (

    select sum(default_feature_count) as defaults_in_store
    from {{ ref('ml_feature_store_v2') }}
    where {{ in_build_window('game_date') }}

)

select *
from diagnosis cross join store
where diagnosis.defaults_in_diagnosis != store.defaults_in_store
