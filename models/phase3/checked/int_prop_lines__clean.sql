{#- Clean rows of the raw prop_lines, player names resolved to player_id and games to game_id; rejected rows are in raw_quarantine. -#}
with int_prop_lines__checked as (

    select * from {{ ref('int_prop_lines__checked') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from int_prop_lines__checked
    where quarantine_reason is null

)

select * from final
