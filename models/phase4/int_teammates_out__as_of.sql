{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- Teammates out of each universe row (player, game date D, his side): the team's rotation on D
    (int_player_game_universe rows of the same side and date from recent_rotation: played for
    the team in one of its last universe_rotation_games games before D, latest team = this
    one) without the player himself, counted out when he did not play the team's latest game
    before D (with box scores, within 365 days) or the injury log had him out before D
    (int_injury_status__as_of). What they leave behind: the sums of their last-10 means of
    points, shot attempts and minutes (int_player_minutes_role__as_of, as of D). -#}
with int_player_game_universe as (

    select player_id, game_date, team_abbr, universe_source
    from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

player_game_summary as (

    select player_id, game_id, game_date, team_abbr, is_played
    from {{ ref('player_game_summary') }}

),

int_injury_status__as_of as (

    select player_id, game_date, injury_status
    from {{ ref('int_injury_status__as_of') }}
    where {{ in_build_window('game_date') }}

),

int_player_minutes_role__as_of as (

    select player_id, game_date, points_avg_last_10, shot_attempts_avg_last_10, minutes_avg_last_10
    from {{ ref('int_player_minutes_role__as_of') }}
    where {{ in_build_window('game_date') }}

),

team_dates as (

    select distinct team_abbr, game_date from int_player_game_universe

),

team_games as (

    select distinct team_abbr, game_id, game_date from player_game_summary

),

last_team_game as (

    select team_abbr, game_date, game_id
    from (
        select
            team_dates.team_abbr,
            team_dates.game_date,
            team_games.game_id,
            row_number() over (
                partition by team_dates.team_abbr, team_dates.game_date
                order by team_games.game_date desc, team_games.game_id desc
            ) as recency_rank
        from team_dates
        inner join team_games
            on team_games.team_abbr = team_dates.team_abbr
            and team_games.game_date < team_dates.game_date
            and team_games.game_date >= {{ dbt.dateadd('day', -365, 'team_dates.game_date') }}
    ) as ranked
    where recency_rank = 1

),

rotation_out as (

    select
        rotation.player_id,
        rotation.game_date,
        rotation.team_abbr,
        int_player_minutes_role__as_of.points_avg_last_10,
        int_player_minutes_role__as_of.shot_attempts_avg_last_10,
        int_player_minutes_role__as_of.minutes_avg_last_10
    from int_player_game_universe as rotation
    inner join last_team_game
        on last_team_game.team_abbr = rotation.team_abbr
        and last_team_game.game_date = rotation.game_date
    left join player_game_summary as last_game_box
        on last_game_box.game_id = last_team_game.game_id
        and last_game_box.player_id = rotation.player_id
        and last_game_box.is_played
    left join int_injury_status__as_of
        on int_injury_status__as_of.player_id = rotation.player_id
        and int_injury_status__as_of.game_date = rotation.game_date
    left join int_player_minutes_role__as_of
        on int_player_minutes_role__as_of.player_id = rotation.player_id
        and int_player_minutes_role__as_of.game_date = rotation.game_date
    where rotation.universe_source = 'recent_rotation'
        and (last_game_box.player_id is null or int_injury_status__as_of.injury_status = 'out')

),

aggregated as (

    select
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        count(rotation_out.player_id) as teammates_out_count,
        coalesce({{ stable_sum('rotation_out.points_avg_last_10') }}, 0) as teammates_out_points_per_game,
        coalesce({{ stable_sum('rotation_out.shot_attempts_avg_last_10') }}, 0) as teammates_out_shot_attempts_per_game,
        coalesce({{ stable_sum('rotation_out.minutes_avg_last_10') }}, 0) as teammates_out_minutes_per_game
    from int_player_game_universe
    left join rotation_out
        on rotation_out.team_abbr = int_player_game_universe.team_abbr
        and rotation_out.game_date = int_player_game_universe.game_date
        and rotation_out.player_id <> int_player_game_universe.player_id
    group by int_player_game_universe.player_id, int_player_game_universe.game_date

),

final as (

    select
        aggregated.player_id,
        aggregated.game_date,
        int_player_game_universe.team_abbr,
        last_team_game.game_id as team_last_game_id,
        {%- for column in ['teammates_out_count', 'teammates_out_points_per_game', 'teammates_out_shot_attempts_per_game', 'teammates_out_minutes_per_game'] %}
        cast(case when last_team_game.game_id is not null then aggregated.{{ column }} end as {{ type_double() }}) as {{ column }},
        case when last_team_game.game_id is null then 'no_team_games_before_date' end as {{ column }}_default_reason{{ "," if not loop.last }}
        {%- endfor %}
    from aggregated
    inner join int_player_game_universe
        on int_player_game_universe.player_id = aggregated.player_id
        and int_player_game_universe.game_date = aggregated.game_date
    left join last_team_game
        on last_team_game.team_abbr = int_player_game_universe.team_abbr
        and last_team_game.game_date = int_player_game_universe.game_date

)

select * from final
