{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- The player's newest played game in the 365 days before each universe row's game date: one
    fact read by the injury status (a game after an `out` closes it) and the game context (days
    of rest). NULL when he played none in that year. -#}
with int_player_game_universe as (

    select player_id, game_date from {{ ref('int_player_game_universe') }}
    where {{ in_build_window('game_date') }}

),

player_game_summary as (

    select player_id, game_date from {{ ref('player_game_summary') }} where is_played

),

final as (

    select
        int_player_game_universe.player_id,
        int_player_game_universe.game_date,
        max(player_game_summary.game_date) as last_played_date
    from int_player_game_universe
    left join player_game_summary
        on player_game_summary.player_id = int_player_game_universe.player_id
        and player_game_summary.game_date < int_player_game_universe.game_date
        and player_game_summary.game_date >= {{ dbt.dateadd('day', -365, 'int_player_game_universe.game_date') }}
    group by int_player_game_universe.player_id, int_player_game_universe.game_date

)

select * from final
