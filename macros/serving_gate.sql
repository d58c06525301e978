{#- The one gate for training and serving. Given the relation names of the game context
    (upcoming_player_game_context) and of the feature store (ml_feature_store_v2), both already
    cut to the build window, returns a select with one row per context row: its feature row (if
    any), line, injury status and `gate_reason`, the first of
    - no_feature_row: the store has no row for it;
    - unknown_quality: the row's gate inputs are NULL;
    - the store's own zero-tolerance reason (quality_gate_reason: required_defaults_N, ...);
    - team_unresolved: his side of the line's game is not known before the date;
    - player_out: the injury log had him out before the date (a pick on him would be void).
    NULL = the row passes. ml_training_rows and prediction_candidates both read this; the
    coverage what-if passes a store of hypothetical rows and `store_columns` to carry through. -#}
{% macro serving_gate(context, store, store_columns=[]) -%}
    select
        {{ context }}.player_id,
        {{ context }}.game_date,
        {{ context }}.game_id,
        {{ context }}.season,
        {{ context }}.team_abbr,
        {{ context }}.opponent_abbr,
        {{ context }}.in_universe,
        {{ context }}.universe_source,
        {{ context }}.team_resolution,
        {{ context }}.injury_status,
        {{ context }}.line_value,
        {{ context }}.line_book,
        {{ context }}.line_consensus,
        {{ context }}.line_book_count,
        {{ context }}.line_snapshot_utc,
        {{ store }}.player_id is not null as has_feature_row,
        {{ store }}.features,
        {{ store }}.default_feature_indices,
        {{ store }}.default_feature_count,
        {{ store }}.required_default_count,
        {{ store }}.feature_quality_score,
        {{ store }}.quality_tier,
        {{ store }}.quality_alert_level,
        {{ store }}.matchup_quality_pct,
        {{ store }}.is_quality_ready,
        {%- for column in store_columns %}
        {{ store }}.{{ column }},
        {%- endfor %}
        case
            when {{ store }}.player_id is null then 'no_feature_row'
            when {{ store }}.required_default_count is null or {{ store }}.feature_quality_score is null
                or {{ store }}.is_quality_ready is null then 'unknown_quality'
            when not {{ store }}.is_quality_ready then {{ store }}.quality_gate_reason
            when {{ context }}.team_resolution = 'unresolved' then 'team_unresolved'
            when {{ context }}.injury_status = 'out' then 'player_out'
        end as gate_reason
    from {{ context }}
    left join {{ store }}
        on {{ store }}.player_id = {{ context }}.player_id
        and {{ store }}.game_date = {{ context }}.game_date
{%- endmacro %}
