{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- The player universe per game date D: one row per (player, D), built by ONE rule for every
    date - played or not - from what was known before D:
    - recent rotation: players who played (is_played) for the team in one of its last
      `universe_rotation_games` games with box scores before D (within 365 days), and whose
      latest played game before D was for that team (a trade is settled by recency);
    - pre-game line: every player with a pre-game line for a game of D (int_prop_lines__consensus).
      The line puts him in that game; his side is his latest team before D when it plays in the
      game; for a player whose latest team is neither side (traded, signed, no history) the
      injury log's latest team before D when that is a side, else unresolved: the row keeps the
      home side, team_resolution = 'unresolved', and the gate blocks it (`team_unresolved`).
    A line for another game than his rotation's overrides the rotation (he moved).
    Whether the player then played decides graded or void, never membership (in_universe).
    A player who played on D without being in the universe still gets a row, with
    in_universe = false and universe_source = 'played_outside_universe', so the store can train on
    it; predictions and the backtest use universe rows only. A game already played whose player
    rows the raw data lacks (playoffs, the 2019-20 restart) has no universe: a data gap. -#}
{%- set rotation_games = var('universe_rotation_games') -%}
with int_schedule__clean as (

    select * from {{ ref('int_schedule__clean') }}
    where {{ in_build_window('game_date') }}

),

player_game_summary as (

    select player_id, game_id, game_date, team_abbr, status, is_played
    from {{ ref('player_game_summary') }}

),

int_team_boxscores__clean as (

    select game_id from {{ ref('int_team_boxscores__clean') }}

),

-- a data gap, not an outcome: a game played (team box score) whose player rows the raw data
-- lacks (playoffs, play-in, the 2019-20 restart) could never be graded, so it has no universe
schedule as (

    select int_schedule__clean.*
    from int_schedule__clean
    where int_schedule__clean.game_id not in (
        select int_team_boxscores__clean.game_id from int_team_boxscores__clean
        where int_team_boxscores__clean.game_id not in (select player_game_summary.game_id from player_game_summary)
    )

),

int_prop_lines__consensus as (

    select player_id, game_id from {{ ref('int_prop_lines__consensus') }}
    where {{ in_build_window('game_date') }}

),

int_injuries__clean as (

    select player_id, transaction_date, team_abbr from {{ ref('int_injuries__clean') }}

),

game_sides as (

    select game_id, game_date, season, season_type, home_team_abbr as team_abbr, away_team_abbr as opponent_abbr, true as is_home
    from schedule
    union all
    select game_id, game_date, season, season_type, away_team_abbr, home_team_abbr, false as is_home
    from schedule

),

-- the team's games that have player rows, numbered per team in date order
team_games as (

    select
        team_abbr,
        game_id,
        game_date,
        row_number() over (partition by team_abbr order by game_date, game_id) as team_game_number
    from (select distinct team_abbr, game_id, game_date from player_game_summary) as distinct_team_games

),

side_last_game as (

    select
        game_sides.game_id,
        game_sides.team_abbr,
        max(team_games.team_game_number) as last_team_game_number
    from game_sides
    inner join team_games
        on team_games.team_abbr = game_sides.team_abbr
        and team_games.game_date < game_sides.game_date
        and team_games.game_date >= {{ dbt.dateadd('day', -365, 'game_sides.game_date') }}
    group by game_sides.game_id, game_sides.team_abbr

),

-- each played game of a player with the date of his next played game: his latest team before D
-- is the team of the game with game_date < D <= next_game_date
player_stints as (

    select
        player_id,
        team_abbr,
        game_date,
        lead(game_date) over (partition by player_id order by game_date, game_id) as next_game_date
    from player_game_summary
    where is_played

),

-- players who played for the side in its last games; distinct here, before the stints join,
-- so the planner joins on the game first (joined on the team alone it builds ~50M rows on the
-- ten seasons)
rotation_candidates as (

    select distinct
        player_game_summary.player_id,
        game_sides.game_id,
        game_sides.game_date,
        game_sides.team_abbr
    from game_sides
    inner join side_last_game
        on side_last_game.game_id = game_sides.game_id
        and side_last_game.team_abbr = game_sides.team_abbr
    inner join team_games
        on team_games.team_abbr = game_sides.team_abbr
        and team_games.team_game_number > side_last_game.last_team_game_number - {{ rotation_games }}
        and team_games.team_game_number <= side_last_game.last_team_game_number
        and team_games.game_date >= {{ dbt.dateadd('day', -365, 'game_sides.game_date') }}
    inner join player_game_summary
        on player_game_summary.game_id = team_games.game_id
        and player_game_summary.team_abbr = team_games.team_abbr
        and player_game_summary.is_played

),

rotation as (

    select distinct
        candidates.player_id,
        candidates.game_id,
        candidates.game_date,
        candidates.team_abbr
    from rotation_candidates as candidates
    inner join player_stints
        on player_stints.player_id = candidates.player_id
        and player_stints.game_date < candidates.game_date
        and (player_stints.next_game_date is null or player_stints.next_game_date >= candidates.game_date)
        and player_stints.team_abbr = candidates.team_abbr

),

line_games as (

    select
        int_prop_lines__consensus.player_id,
        schedule.game_id,
        schedule.game_date,
        schedule.home_team_abbr,
        schedule.away_team_abbr,
        player_stints.team_abbr as latest_team_abbr
    from int_prop_lines__consensus
    inner join schedule on schedule.game_id = int_prop_lines__consensus.game_id
    left join player_stints
        on player_stints.player_id = int_prop_lines__consensus.player_id
        and player_stints.game_date < schedule.game_date
        and (player_stints.next_game_date is null or player_stints.next_game_date >= schedule.game_date)

),

line_injury_team as (

    select player_id, game_id, team_abbr
    from (
        select
            line_games.player_id,
            line_games.game_id,
            int_injuries__clean.team_abbr,
            row_number() over (
                partition by line_games.player_id, line_games.game_id
                order by int_injuries__clean.transaction_date desc, int_injuries__clean.team_abbr
            ) as recency_rank
        from line_games
        inner join int_injuries__clean
            on int_injuries__clean.player_id = line_games.player_id
            and int_injuries__clean.transaction_date < line_games.game_date
            and int_injuries__clean.transaction_date >= {{ dbt.dateadd('day', -365, 'line_games.game_date') }}
    ) as ranked
    where recency_rank = 1

),

line_sides as (

    select
        line_games.player_id,
        line_games.game_id,
        line_games.game_date,
        case
            when line_games.latest_team_abbr in (line_games.home_team_abbr, line_games.away_team_abbr) then line_games.latest_team_abbr
            when line_injury_team.team_abbr in (line_games.home_team_abbr, line_games.away_team_abbr) then line_injury_team.team_abbr
            else line_games.home_team_abbr
        end as team_abbr,
        case
            when line_games.latest_team_abbr in (line_games.home_team_abbr, line_games.away_team_abbr) then 'latest_team'
            when line_injury_team.team_abbr in (line_games.home_team_abbr, line_games.away_team_abbr) then 'injury_log_team'
            else 'unresolved'
        end as team_resolution
    from line_games
    left join line_injury_team
        on line_injury_team.player_id = line_games.player_id
        and line_injury_team.game_id = line_games.game_id

),

members as (

    select
        coalesce(line_sides.player_id, rotation.player_id) as player_id,
        coalesce(line_sides.game_date, rotation.game_date) as game_date,
        coalesce(line_sides.game_id, rotation.game_id) as game_id,
        coalesce(line_sides.team_abbr, rotation.team_abbr) as team_abbr,
        case
            when rotation.game_id = line_sides.game_id or line_sides.game_id is null then 'recent_rotation'
            else 'prop_line'
        end as universe_source,
        coalesce(line_sides.team_resolution, 'latest_team') as team_resolution
    from rotation
    full outer join line_sides
        on line_sides.player_id = rotation.player_id
        and line_sides.game_date = rotation.game_date

),

played_outside as (

    select
        player_game_summary.player_id,
        player_game_summary.game_date,
        player_game_summary.game_id,
        player_game_summary.team_abbr,
        'played_outside_universe' as universe_source,
        'box_score' as team_resolution
    from player_game_summary
    where player_game_summary.is_played
        and {{ in_build_window('player_game_summary.game_date') }}
        and not exists (
            select 1 from members
            where members.player_id = player_game_summary.player_id and members.game_date = player_game_summary.game_date
        )

),

unioned as (

    select members.*, true as in_universe from members
    union all
    select played_outside.*, false as in_universe from played_outside

),

final as (

    select
        unioned.player_id,
        unioned.game_date,
        unioned.game_id,
        game_sides.season,
        game_sides.season_type,
        unioned.team_abbr,
        game_sides.opponent_abbr,
        game_sides.is_home,
        unioned.in_universe,
        unioned.universe_source,
        unioned.team_resolution,
        player_game_summary.status as box_status
    from unioned
    inner join game_sides
        on game_sides.game_id = unioned.game_id
        and game_sides.team_abbr = unioned.team_abbr
    left join player_game_summary
        on player_game_summary.player_id = unioned.player_id
        and player_game_summary.game_id = unioned.game_id

)

select * from final
