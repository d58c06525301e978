{{ config(**window_incremental_config(cluster_by=['player_id', 'team_abbr'])) }}
{#- Game context per (player, game date): the universe row, rest from the schedule, injury status
    known before the date, and the pre-game prop line. Carries features 9, 10, 15-17 and 25-28
    with a `<feature>_default_reason` (NULL when the value is real). -#}
with int_player_game_universe as (

    select * from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

int_schedule__clean as (

    select * from {{ ref('int_schedule__clean') }}

),

int_injury_status__as_of as (

    select * from {{ ref('int_injury_status__as_of') }}

),

int_prop_lines__consensus as (

    select * from {{ ref('int_prop_lines__consensus') }}

),

int_player_last_played__as_of as (

    select * from {{ ref('int_player_last_played__as_of') }}

),

team_games as (

    select game_id, game_date, home_team_abbr as team_abbr from int_schedule__clean
    union all
    select game_id, game_date, away_team_abbr from int_schedule__clean

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

joined as (

    select
        int_player_game_universe.*,
        int_schedule__clean.tipoff_utc,
        {{ dbt.datediff('int_player_last_played__as_of.last_played_date', 'int_player_game_universe.game_date', 'day') }} as player_days_rest,
        case when own_rest.days_rest <= 365 then own_rest.days_rest end as team_days_rest,
        case when opponent_rest.days_rest <= 365 then opponent_rest.days_rest end as opponent_days_rest,
        int_injury_status__as_of.injury_status,
        int_injury_status__as_of.last_transaction_date as injury_transaction_date,
        int_prop_lines__consensus.line_value,
        int_prop_lines__consensus.line_book,
        int_prop_lines__consensus.line_consensus,
        int_prop_lines__consensus.line_book_count,
        int_prop_lines__consensus.line_snapshot_utc,
        int_prop_lines__consensus.opening_line_value,
        int_prop_lines__consensus.opening_snapshot_utc
    from int_player_game_universe
    left join int_schedule__clean on int_schedule__clean.game_id = int_player_game_universe.game_id
    left join int_player_last_played__as_of
        on int_player_last_played__as_of.player_id = int_player_game_universe.player_id
        and int_player_last_played__as_of.game_date = int_player_game_universe.game_date
    left join team_rest as own_rest
        on own_rest.team_abbr = int_player_game_universe.team_abbr
        and own_rest.game_date = int_player_game_universe.game_date
    left join team_rest as opponent_rest
        on opponent_rest.team_abbr = int_player_game_universe.opponent_abbr
        and opponent_rest.game_date = int_player_game_universe.game_date
    left join int_injury_status__as_of
        on int_injury_status__as_of.player_id = int_player_game_universe.player_id
        and int_injury_status__as_of.game_date = int_player_game_universe.game_date
    left join int_prop_lines__consensus
        on int_prop_lines__consensus.player_id = int_player_game_universe.player_id
        and int_prop_lines__consensus.game_id = int_player_game_universe.game_id

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
