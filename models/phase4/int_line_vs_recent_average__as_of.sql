{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- The line against the player's recent scoring, per universe row: the consensus pre-game line
    (upcoming_player_game_context.vegas_points_line) minus his mean points over his last 10
    played games before the date (player_daily_cache.points_avg_last_10): the market's view of a
    change the box scores do not show yet. -#}
with upcoming_player_game_context as (

    select player_id, game_date, vegas_points_line
    from {{ ref('upcoming_player_game_context') }}
    where {{ in_build_window('game_date') }}

),

player_daily_cache as (

    select player_id, game_date, points_avg_last_10
    from {{ ref('player_daily_cache') }}
    where {{ in_build_window('game_date') }}

),

final as (

    select
        upcoming_player_game_context.player_id,
        upcoming_player_game_context.game_date,
        upcoming_player_game_context.vegas_points_line - player_daily_cache.points_avg_last_10 as line_minus_points_avg_last_10,
        case
            when upcoming_player_game_context.vegas_points_line is null then 'no_line'
            when player_daily_cache.points_avg_last_10 is null then 'no_recent_average'
        end as line_minus_points_avg_last_10_default_reason
    from upcoming_player_game_context
    left join player_daily_cache
        on player_daily_cache.player_id = upcoming_player_game_context.player_id
        and player_daily_cache.game_date = upcoming_player_game_context.game_date

)

select * from final
