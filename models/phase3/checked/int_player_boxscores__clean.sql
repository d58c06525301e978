{#- Clean rows of the raw player_boxscores; rejected rows are in raw_quarantine. -#}
with int_player_boxscores__checked as (

    select * from {{ ref('int_player_boxscores__checked') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from int_player_boxscores__checked
    where quarantine_reason is null

)

select * from final
