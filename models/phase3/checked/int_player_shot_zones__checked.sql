{#- Every raw per-game shot-zone row with its quarantine_reason (NULL = clean): the first that
    applies of the record checks and the value checks (staging); no other table is needed, the
    model keeps the shape of the other raw tables' checks. -#}
with stg_nba__player_shot_zones as (

    select * from {{ ref('stg_nba__player_shot_zones') }}

),

final as (

    select
        * {{ star_except(['record_reason', 'value_reason']) }},
        coalesce(record_reason, value_reason) as quarantine_reason
    from stg_nba__player_shot_zones

)

select * from final
