{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- What the opponent allows the player's position, as of each universe row (player, game date
    D, opponent): points scored against it by players of his position (G/F/C,
    int_player_seasons__clean of the game's season) per 100 of its opponents' possessions over its
    last 10 games before D that have positions (within 365 days; needs 5), minus the league's
    same rate over every team's games with positions in the 365 days before D. The player's
    position is that of the latest season up to D's season that has one (a roster attribute,
    known before the games). Positions exist only since 2021-22: earlier rows default. -#}
with int_player_game_universe as (

    select player_id, game_date, season, opponent_abbr
    from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

int_player_seasons__clean as (

    select player_id, season, position
    from {{ ref('int_player_seasons__clean') }}
    where position in ('G', 'F', 'C')

),

player_game_summary as (

    select player_id, game_id, season, opponent_abbr, points
    from {{ ref('player_game_summary') }}
    where is_played

),

team_defense_game_summary as (

    select defending_team_abbr, game_id, game_date, opponent_possessions
    from {{ ref('team_defense_game_summary') }}
    where opponent_possessions > 0

),

-- points each defence allowed per position in each game; games without any known position
-- (seasons before the feed has them) drop out here
position_points as (

    select
        player_game_summary.opponent_abbr as defending_team_abbr,
        player_game_summary.game_id,
        int_player_seasons__clean.position,
        sum(player_game_summary.points) as points_allowed
    from player_game_summary
    inner join int_player_seasons__clean
        on int_player_seasons__clean.player_id = player_game_summary.player_id
        and int_player_seasons__clean.season = player_game_summary.season
    group by player_game_summary.opponent_abbr, player_game_summary.game_id, int_player_seasons__clean.position

),

position_games as (

    select
        team_defense_game_summary.defending_team_abbr,
        team_defense_game_summary.game_id,
        team_defense_game_summary.game_date,
        team_defense_game_summary.opponent_possessions,
        position_list.position,
        coalesce(position_points.points_allowed, 0) as points_allowed
    from team_defense_game_summary
    inner join (select distinct scored.defending_team_abbr, scored.game_id from position_points as scored) as known
        on known.defending_team_abbr = team_defense_game_summary.defending_team_abbr
        and known.game_id = team_defense_game_summary.game_id
    cross join (select 'G' as position union all select 'F' union all select 'C') as position_list
    left join position_points
        on position_points.defending_team_abbr = team_defense_game_summary.defending_team_abbr
        and position_points.game_id = team_defense_game_summary.game_id
        and position_points.position = position_list.position

),

player_position as (

    select player_id, game_date, position
    from (
        select
            int_player_game_universe.player_id,
            int_player_game_universe.game_date,
            int_player_seasons__clean.position,
            row_number() over (
                partition by int_player_game_universe.player_id, int_player_game_universe.game_date
                order by int_player_seasons__clean.season desc
            ) as recency_rank
        from int_player_game_universe
        inner join int_player_seasons__clean
            on int_player_seasons__clean.player_id = int_player_game_universe.player_id
            and int_player_seasons__clean.season <= int_player_game_universe.season
    ) as ranked
    where recency_rank = 1

),

opponent_dates as (

    select distinct opponent_abbr, game_date from int_player_game_universe

),

opponent_history as (

    select
        opponent_dates.opponent_abbr,
        opponent_dates.game_date,
        position_games.position,
        position_games.points_allowed,
        position_games.opponent_possessions,
        dense_rank() over (
            partition by opponent_dates.opponent_abbr, opponent_dates.game_date
            order by position_games.game_date desc, position_games.game_id desc
        ) as recency_rank
    from opponent_dates
    inner join position_games
        on position_games.defending_team_abbr = opponent_dates.opponent_abbr
        and position_games.game_date < opponent_dates.game_date
        and position_games.game_date >= {{ dbt.dateadd('day', -365, 'opponent_dates.game_date') }}

),

opponent_rates as (

    select
        opponent_abbr,
        game_date,
        position,
        count(*) as opponent_games,
        100.0 * sum(points_allowed) / {{ stable_sum('opponent_possessions') }} as points_per_100
    from opponent_history
    where recency_rank <= 10
    group by opponent_abbr, game_date, position

),

league_dates as (

    select distinct game_date from int_player_game_universe

),

league_rates as (

    select
        league_dates.game_date,
        position_games.position,
        100.0 * sum(position_games.points_allowed) / {{ stable_sum('position_games.opponent_possessions') }} as points_per_100
    from league_dates
    inner join position_games
        on position_games.game_date < league_dates.game_date
        and position_games.game_date >= {{ dbt.dateadd('day', -365, 'league_dates.game_date') }}
    group by league_dates.game_date, position_games.position

),

final as (

    select
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        int_player_game_universe.opponent_abbr,
        player_position.position as player_position,
        coalesce(opponent_rates.opponent_games, 0) as opponent_games_with_positions,
        cast(case when opponent_rates.opponent_games >= 5
            then opponent_rates.points_per_100 - league_rates.points_per_100 end as {{ type_double() }})
            as opponent_points_allowed_to_position_vs_league,
        case
            when player_position.position is null then 'no_player_position'
            when not coalesce(opponent_rates.opponent_games, 0) >= 5 then 'fewer_than_5_opponent_games'
        end as opponent_points_allowed_to_position_vs_league_default_reason
    from int_player_game_universe
    left join player_position
        on player_position.player_id = int_player_game_universe.player_id
        and player_position.game_date = int_player_game_universe.game_date
    left join opponent_rates
        on opponent_rates.opponent_abbr = int_player_game_universe.opponent_abbr
        and opponent_rates.game_date = int_player_game_universe.game_date
        and opponent_rates.position = player_position.position
    left join league_rates
        on league_rates.game_date = int_player_game_universe.game_date
        and league_rates.position = player_position.position

)

select * from final
