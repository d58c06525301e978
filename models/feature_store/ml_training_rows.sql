{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- The model's training rows: feature rows that pass the serving gate (macros/serving_gate.sql,
    the same definition prediction_candidates uses, player_out included) and whose player played
    in the row's game, with the points he scored. in_universe is not required: a player who
    played outside the universe has point-in-time features too. -#}
with upcoming_player_game_context as (

    select * from {{ ref('upcoming_player_game_context') }}
    where {{ in_build_window('game_date') }}

),

ml_feature_store_v2 as (

    select * from {{ ref('ml_feature_store_v2') }}
    where {{ in_build_window('game_date') }}

),

player_game_summary as (

    select player_id, game_id, points, minutes from {{ ref('player_game_summary') }}
    where is_played

),

gated as (

    {{ serving_gate('upcoming_player_game_context', 'ml_feature_store_v2') }}

),

final as (

    select
        gated.player_id,
        gated.game_date,
        gated.game_id,
        gated.season,
        gated.team_abbr,
        gated.opponent_abbr,
        gated.in_universe,
        gated.features,
        cast(player_game_summary.points as {{ type_double() }}) as actual_points,
        cast(player_game_summary.minutes as {{ type_double() }}) as actual_minutes
    from gated
    inner join player_game_summary
        on player_game_summary.player_id = gated.player_id
        and player_game_summary.game_id = gated.game_id
    where gated.gate_reason is null

)

select * from final
