{#- Clean rows of the raw player_shot_zones; rejected rows are in raw_quarantine. -#}
with validated as (

    select * from {{ ref('base_nba__player_shot_zones') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from validated
    where quarantine_reason is null

)

select * from final
