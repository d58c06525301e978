{#- Every raw team box score with its quarantine_reason (NULL = clean): the first that applies of the
    record checks (staging), the team check, the value checks (staging), the order the contract
    lists them in. -#}
with staged as (

    select * from {{ ref('stg_nba__team_boxscores') }}

),

teams as (

    select team_abbr from {{ ref('stg_nba__teams') }}

),

flagged as (

    select
        staged.*,
        staged.team_abbr in (select team_abbr from teams) and staged.opponent_abbr in (select team_abbr from teams) as _teams_known
    from staged

),

final as (

    select
        * {{ star_except(['record_reason', 'value_reason', '_teams_known']) }},
        case
            when record_reason is not null then record_reason
            when not _teams_known then 'unknown_team'
            else value_reason
        end as quarantine_reason
    from flagged

)

select * from final
