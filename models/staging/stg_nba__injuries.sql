{#- Clean rows of the raw injuries, player names resolved to player_id; rejected rows are in raw_quarantine. -#}
with validated as (

    select * from {{ ref('base_nba__injuries') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from validated
    where quarantine_reason is null

)

select * from final
