{#- Clean rows of the raw injuries, player names resolved to player_id; rejected rows are in raw_quarantine. -#}
with int_injuries__checked as (

    select * from {{ ref('int_injuries__checked') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from int_injuries__checked
    where quarantine_reason is null

)

select * from final
