{#- Clean rows of the raw player_shot_zones; rejected rows are in raw_quarantine. -#}
with int_player_shot_zones__checked as (

    select * from {{ ref('int_player_shot_zones__checked') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from int_player_shot_zones__checked
    where quarantine_reason is null

)

select * from final
