{#- Clean rows of the raw prop_lines, player names resolved to player_id and games to game_id; rejected rows are in raw_quarantine. -#}
with checked as (

    select * from {{ ref('int_prop_lines__checked') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from checked
    where quarantine_reason is null

)

select * from final
