{#- Every raw prop line with the player's name resolved to a player_id, the line matched to its
    scheduled game and its quarantine_reason (NULL = clean): the first that applies of the
    record checks (staging), the team check, the value checks (staging), then the name and the
    game (the order the contract lists them in). -#}
with stg_nba__prop_lines as (

    select * from {{ ref('stg_nba__prop_lines') }}

),

stg_nba__teams as (

    select team_abbr from {{ ref('stg_nba__teams') }}

),

int_schedule__clean as (

    select * from {{ ref('int_schedule__clean') }}

),

resolved as (

    select
        stg_nba__prop_lines.*,
        {{ resolved_player_id('name_') }} as player_id,
        {{ name_is_ambiguous('name_') }} as is_ambiguous_name,
        int_schedule__clean.game_id,
        stg_nba__prop_lines.home_team_abbr in (select team_abbr from stg_nba__teams) and stg_nba__prop_lines.away_team_abbr in (select team_abbr from stg_nba__teams) as _teams_known
    from stg_nba__prop_lines
    {{ resolve_player_name_joins('stg_nba__prop_lines', 'player_name', 'name_') }}
    {#- the two teams on the date, in either order: a feed may designate a neutral-site game's
        home side unlike the NBA, and two teams meet at most once a day -#}
    left join int_schedule__clean
        on int_schedule__clean.game_date = stg_nba__prop_lines.game_date
        and least(int_schedule__clean.home_team_abbr, int_schedule__clean.away_team_abbr)
        = least(stg_nba__prop_lines.home_team_abbr, stg_nba__prop_lines.away_team_abbr)
        and greatest(int_schedule__clean.home_team_abbr, int_schedule__clean.away_team_abbr)
        = greatest(stg_nba__prop_lines.home_team_abbr, stg_nba__prop_lines.away_team_abbr)

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
