{{ config(**window_incremental_config(cluster_by=['player_id', 'team_abbr'])) }}
{#- Game context per (player, game date): the universe row, rest from the schedule, injury status
    known before the date, and the pre-game prop line. Carries features 9, 10, 15-17 and 25-28
    with a `<feature>_default_reason` (NULL when the value is real). -#}
with universe as (

    select * from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

schedule as (

    select * from {{ ref('int_schedule__clean') }}

),

injury_status as (

    select * from {{ ref('int_injury_status__as_of') }}

),

lines as (

    select * from {{ ref('int_prop_lines__consensus') }}

),

player_games as (

    select player_id, game_date from {{ ref('player_game_summary') }} where is_played

),

team_games as (

    select game_id, game_date, home_team_abbr as team_abbr from schedule
    union all
    select game_id, game_date, away_team_abbr from schedule

),

team_rest as (

    select
        team_abbr,
        game_date,
        {{ dbt.datediff(
            'lag(game_date) over (partition by team_abbr order by game_date, game_id)',
            'game_date', 'day') }} as days_rest
    from team_games

),

player_rest as (

    select
        universe.player_id,
        universe.game_date,
        {{ dbt.datediff('max(player_games.game_date)', 'universe.game_date', 'day') }} as days_rest
    from universe
    inner join player_games
        on player_games.player_id = universe.player_id
        and player_games.game_date < universe.game_date
        and player_games.game_date >= {{ dbt.dateadd('day', -365, 'universe.game_date') }}
    group by universe.player_id, universe.game_date

),

joined as (

    select
        universe.*,
        schedule.tipoff_utc,
        player_rest.days_rest as player_days_rest,
        case when own_rest.days_rest <= 365 then own_rest.days_rest end as team_days_rest,
        case when opponent_rest.days_rest <= 365 then opponent_rest.days_rest end as opponent_days_rest,
        injury_status.injury_status,
        injury_status.last_transaction_date as injury_transaction_date,
        lines.line_value,
        lines.line_book,
        lines.line_consensus,
        lines.line_book_count,
        lines.line_snapshot_utc,
        lines.opening_line_value,
        lines.opening_snapshot_utc
    from universe
    left join schedule on schedule.game_id = universe.game_id
    left join player_rest
        on player_rest.player_id = universe.player_id
        and player_rest.game_date = universe.game_date
    left join team_rest as own_rest
        on own_rest.team_abbr = universe.team_abbr
        and own_rest.game_date = universe.game_date
    left join team_rest as opponent_rest
        on opponent_rest.team_abbr = universe.opponent_abbr
        and opponent_rest.game_date = universe.game_date
    left join injury_status
        on injury_status.player_id = universe.player_id
        and injury_status.game_date = universe.game_date
    left join lines
        on lines.player_id = universe.player_id
        and lines.game_id = universe.game_id

),

final as (

    select
        player_id,
        game_date,
        game_id,
        season,
        season_type,
        team_abbr,
        opponent_abbr,
        is_home,
        in_universe,
        universe_source,
        team_resolution,
        box_status,
        tipoff_utc,
        player_days_rest,
        team_days_rest,
        opponent_days_rest,
        injury_status,
        injury_transaction_date,
        line_value,
        line_book,
        line_consensus,
        line_book_count,
        line_snapshot_utc,
        opening_line_value,
        opening_snapshot_utc,

        cast({{ clamp('team_days_rest - opponent_days_rest', -2, 2) }} as {{ type_double() }}) as rest_advantage,
        case
            when team_days_rest is null then 'no_previous_team_game'
            when opponent_days_rest is null then 'no_previous_opponent_game'
        end as rest_advantage_default_reason,

        cast(case injury_status when 'out' then 3 when 'day_to_day' then 2 else 0 end as {{ type_double() }}) as injury_risk,
        cast(null as {{ dbt.type_string() }}) as injury_risk_default_reason,

        cast(case when is_home then 1 else 0 end as {{ type_double() }}) as home_away,
        cast(null as {{ dbt.type_string() }}) as home_away_default_reason,

        cast(case when player_days_rest = 1 then 1 when player_days_rest is not null then 0 end as {{ type_double() }}) as back_to_back,
        case when player_days_rest is null then 'no_games_before_date' end as back_to_back_default_reason,

        cast(case when season_type in ('playoffs', 'play_in') then 1 else 0 end as {{ type_double() }}) as playoff_game,
        cast(null as {{ dbt.type_string() }}) as playoff_game_default_reason,

        line_consensus as vegas_points_line,
        case when line_consensus is null then 'no_prop_line' end as vegas_points_line_default_reason,

        opening_line_value as vegas_opening_line,
        case
            when line_value is null then 'no_prop_line'
            when opening_line_value is null then 'no_snapshot_times'
        end as vegas_opening_line_default_reason,

        line_consensus - opening_line_value as vegas_line_move,
        case
            when line_value is null then 'no_prop_line'
            when opening_line_value is null then 'no_snapshot_times'
        end as vegas_line_move_default_reason,

        cast(case when line_value is not null then 1 else 0 end as {{ type_double() }}) as has_vegas_line,
        cast(null as {{ dbt.type_string() }}) as has_vegas_line_default_reason
    from joined

)

select * from final
