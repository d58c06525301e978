{#- config() arguments of the tables that keep their history across builds (full_refresh=false:
    a full refresh must not wipe it), per target. -#}

{#- A table whose rows come in whole dates (player_prop_predictions: the runner's batch): the
    batch's dates are replaced, delete+insert on DuckDB, their day partitions overwritten on
    BigQuery (clustered by cluster_by there). -#}
{% macro replaced_dates_config(cluster_by=none) %}
    {{ return(adapter.dispatch('replaced_dates_config', 'nba_props')(cluster_by)) }}
{% endmacro %}
{% macro default__replaced_dates_config(cluster_by) %}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': ['game_date'],
        'full_refresh': false,
        'on_schema_change': 'fail',
    }) }}
{% endmacro %}
{% macro bigquery__replaced_dates_config(cluster_by) %}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite',
        'partition_by': {'field': 'game_date', 'data_type': 'date', 'granularity': 'day'},
        'cluster_by': cluster_by,
        'full_refresh': false,
        'on_schema_change': 'fail',
    }) }}
{% endmacro %}

{#- A log updated row by row on unique_key (feature_store_gaps): delete+insert on DuckDB,
    merge on BigQuery. -#}
{% macro merged_by_key_config(unique_key) %}
    {{ return(adapter.dispatch('merged_by_key_config', 'nba_props')(unique_key)) }}
{% endmacro %}
{% macro default__merged_by_key_config(unique_key) %}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': unique_key,
        'full_refresh': false,
        'on_schema_change': 'fail',
    }) }}
{% endmacro %}
{% macro bigquery__merged_by_key_config(unique_key) %}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'merge',
        'unique_key': unique_key,
        'full_refresh': false,
        'on_schema_change': 'fail',
    }) }}
{% endmacro %}
