{#- Clean rows of the raw team_boxscores; rejected rows are in raw_quarantine. -#}
with int_team_boxscores__checked as (

    select * from {{ ref('int_team_boxscores__checked') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from int_team_boxscores__checked
    where quarantine_reason is null

)

select * from final
