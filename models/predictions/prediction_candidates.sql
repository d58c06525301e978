{{ config(**window_incremental_config(cluster_by=['player_id'])) }}
{#- What the runner predicts: every universe row of a date (in_universe) with its feature row if
    any, its line, and the serving gate's verdict (macros/serving_gate.sql, the same definition
    ml_training_rows uses). passes_gate rows are predicted; the others are written as blocked
    with gate_reason. -#}
with upcoming_player_game_context as (

    select * from {{ ref('upcoming_player_game_context') }}
    where {{ in_build_window('game_date') }}
        and in_universe

),

ml_feature_store_v2 as (

    select * from {{ ref('ml_feature_store_v2') }}
    where {{ in_build_window('game_date') }}

),

gated as (

    {{ serving_gate('upcoming_player_game_context', 'ml_feature_store_v2') }}

),

final as (

    select
        gated.*,
        gated.gate_reason is null as passes_gate
    from gated

)

select * from final
