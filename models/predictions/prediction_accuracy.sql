{{ config(**game_date_table_config(cluster_by=['system_id', 'player_id'])) }}
{#- Grading: every prediction row of a game that has been played, with the actual points.
    A candidate without an active box-score row (DNP, or not in the box score) is void.
    baseline_points is the plain last-10-games average, the bar the model must clear. An
    OVER/UNDER is graded against exactly the offer it names: pick_line at pick_book, at
    pick_price (never the consensus, which may be a value no book offered); went_over and the
    MAE columns use line_value, the graded line of line_book. -#}
with player_prop_predictions as (

    select * from {{ ref('player_prop_predictions') }}

),

player_game_summary as (

    select player_id, game_id, status, points, minutes
    from {{ ref('player_game_summary') }}

),

ml_feature_store_v2 as (

    select player_id, game_date, points_avg_last_10 from {{ ref('ml_feature_store_v2') }}

),

{#- A game has been played when it has box-score rows (the outcome the grade compares against,
    player_game_summary); a prediction of a game without them is not graded yet. -#}
final_games as (

    select distinct game_id from player_game_summary

),

joined as (

    select
        player_prop_predictions.*,
        case when player_game_summary.status = 'active' then player_game_summary.points end as actual_points,
        case when player_game_summary.status = 'active' then player_game_summary.minutes end as actual_minutes,
        player_game_summary.status is null or player_game_summary.status != 'active' as is_void,
        case
            when player_game_summary.status is null then 'not_in_box_score'
            when player_game_summary.status != 'active' then 'dnp'
        end as void_reason,
        ml_feature_store_v2.points_avg_last_10 as baseline_points
    from player_prop_predictions
    inner join final_games on final_games.game_id = player_prop_predictions.game_id
    left join player_game_summary
        on player_game_summary.player_id = player_prop_predictions.player_id
        and player_game_summary.game_id = player_prop_predictions.game_id
    left join ml_feature_store_v2
        on ml_feature_store_v2.player_id = player_prop_predictions.player_id
        and ml_feature_store_v2.game_date = player_prop_predictions.game_date

),

final as (

    select
        system_id,
        player_id,
        game_date,
        game_id,
        team_abbr,
        opponent_abbr,
        gate_status,
        gate_reason,
        predicted_points,
        line_book,
        line_value,
        line_consensus,
        edge,
        recommendation,
        prob_over,
        market_prob_over,
        model_points,
        prediction_stage,
        feature_set_version,
        pick_book,
        pick_line,
        pick_price,
        pick_price_assumed,
        pick_prob_win,
        expected_value,
        market_blend_rows,
        min_expected_value,
        default_feature_count,
        required_default_count,
        feature_quality_score,
        model_version,
        model_train_end,
        actual_points,
        actual_minutes,
        is_void,
        void_reason,
        abs(predicted_points - actual_points) as absolute_error,
        abs(model_points - actual_points) as model_absolute_error,
        predicted_points - actual_points as signed_error,
        abs(line_value - actual_points) as line_absolute_error,
        baseline_points,
        abs(baseline_points - actual_points) as baseline_absolute_error,
        case when actual_points is not null and line_value is not null then actual_points = line_value end as is_push,
        case
            when recommendation in ('OVER', 'UNDER') and not is_void and actual_points is not null
                and pick_line is not null and actual_points != pick_line
            then (actual_points > pick_line) = (recommendation = 'OVER')
        end as is_correct,
        {#- Units won per unit staked at pick_price: a win pays decimal odds - 1, a loss -1, a
            push or void returns the stake. -#}
        case
            when recommendation not in ('OVER', 'UNDER') then null
            when is_void or actual_points is null or pick_line is null then null
            when actual_points = pick_line then 0.0
            when (actual_points > pick_line) = (recommendation = 'OVER')
                then case when pick_price > 0 then pick_price / 100.0 else 100.0 / abs(pick_price) end
            else -1.0
        end as pick_profit,
        case
            when not is_void and actual_points is not null and line_value is not null
                and actual_points != line_value
            then actual_points > line_value
        end as went_over,
        case
            when edge is null then null
            when abs(edge) < 1 then 'under_1'
            when abs(edge) < 2 then '1-2'
            when abs(edge) < 3 then '2-3'
            when abs(edge) < 5 then '3-5'
            else '5+'
        end as edge_bucket,
        case
            when expected_value is null then null
            when expected_value <= 0 then 'ev_0_or_less'
            when expected_value < 0.05 then 'ev_0-5pct'
            when expected_value < 0.10 then 'ev_5-10pct'
            else 'ev_10pct+'
        end as ev_bucket
    from joined

)

select * from final
