{#- Every raw prop line with the player's name resolved to a player_id, the line matched to its
    scheduled game and its quarantine_reason (NULL = clean): the first that applies of the
    record checks (staging), the team check, the value checks (staging), then the name and the
    game (the order the contract lists them in). -#}
with staged as (

    select * from {{ ref('stg_nba__prop_lines') }}

),

teams as (

    select team_abbr from {{ ref('stg_nba__teams') }}

),

schedule as (

    select * from {{ ref('int_schedule__clean') }}

),

resolved as (

    select
        staged.*,
        {{ resolved_player_id('name_') }} as player_id,
        {{ name_is_ambiguous('name_') }} as is_ambiguous_name,
        schedule.game_id,
        staged.home_team_abbr in (select team_abbr from teams) and staged.away_team_abbr in (select team_abbr from teams) as _teams_known
    from staged
    {{ resolve_player_name_joins('staged', 'player_name', 'name_') }}
    left join schedule
        on schedule.game_date = staged.game_date
        and schedule.home_team_abbr = staged.home_team_abbr
        and schedule.away_team_abbr = staged.away_team_abbr

),

final as (

    select
        game_id, game_date, commence_utc, snapshot_utc, home_team_abbr, away_team_abbr,
        bookmaker, market, player_name, player_id, line, over_price, under_price,
        case
            when record_reason is not null then record_reason
            when not _teams_known then 'unknown_team'
            when value_reason is not null then value_reason
            when player_id is null and is_ambiguous_name then 'ambiguous_player_name'
            when player_id is null then 'unresolved_player_name'
            when game_id is null then 'game_not_in_schedule'
        end as quarantine_reason
    from resolved

)

select * from final
