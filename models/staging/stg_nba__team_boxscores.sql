{#- Clean rows of the raw team_boxscores; rejected rows are in raw_quarantine. -#}
with validated as (

    select * from {{ ref('base_nba__team_boxscores') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from validated
    where quarantine_reason is null

)

select * from final
