{#- The runner's prediction batch: the columns it writes (one run's rows) and that the
    player_prop_predictions model takes over. One list, used for the table DDL, the casts and
    the model's contract. -#}
{% macro prediction_columns() %}
{{ return([
  ('system_id', 'varchar', 'string'),
  ('player_id', 'bigint', 'int64'),
  ('game_date', 'date', 'date'),
  ('game_id', 'varchar', 'string'),
  ('team_abbr', 'varchar', 'string'),
  ('opponent_abbr', 'varchar', 'string'),
  ('gate_status', 'varchar', 'string'),
  ('gate_reason', 'varchar', 'string'),
  ('predicted_points', 'double', 'float64'),
  ('line_value', 'double', 'float64'),
  ('line_book_count', 'bigint', 'int64'),
  ('line_snapshot_utc', 'timestamp', 'timestamp'),
  ('edge', 'double', 'float64'),
  ('recommendation', 'varchar', 'string'),
  ('prob_over', 'double', 'float64'),
  ('edge_threshold', 'double', 'float64'),
  ('default_feature_count', 'bigint', 'int64'),
  ('required_default_count', 'bigint', 'int64'),
  ('default_feature_indices', 'bigint[]', 'array<int64>'),
  ('feature_quality_score', 'double', 'float64'),
  ('quality_tier', 'varchar', 'string'),
  ('quality_alert_level', 'varchar', 'string'),
  ('matchup_quality_pct', 'double', 'float64'),
  ('is_quality_ready', 'boolean', 'bool'),
  ('model_version', 'varchar', 'string'),
  ('model_file_sha256', 'varchar', 'string'),
  ('model_train_start', 'date', 'date'),
  ('model_train_end', 'date', 'date'),
  ('model_train_rows', 'bigint', 'int64'),
  ('run_id', 'varchar', 'string'),
  ('predicted_at', 'timestamp', 'timestamp'),
]) }}
{% endmacro %}

{#- Type of a prediction column on the current target. -#}
{% macro prediction_column_type(duckdb_type, bigquery_type) -%}
    {{ return(adapter.dispatch('prediction_column_type', 'nba_props')(duckdb_type, bigquery_type)) }}
{%- endmacro %}
{% macro default__prediction_column_type(duckdb_type, bigquery_type) -%}{{ duckdb_type }}{%- endmacro %}
{% macro bigquery__prediction_column_type(duckdb_type, bigquery_type) -%}{{ bigquery_type }}{%- endmacro %}

{#- on-run-start: create the (empty) batch table when the runner has not written one yet, so
    the predictions models build before the first prediction. -#}
{% macro create_prediction_batch_table() %}
    {%- set relation = source('nba_runner', 'prediction_batch') -%}
    create schema if not exists {{ relation.schema if target.type != 'bigquery' else relation.database ~ '.' ~ relation.schema }};
    create table if not exists {{ relation }} (
    {%- for name, duckdb_type, bigquery_type in prediction_columns() %}
        {{ name }} {{ prediction_column_type(duckdb_type, bigquery_type) }}{{ "," if not loop.last }}
    {%- endfor %}
    )
{% endmacro %}
