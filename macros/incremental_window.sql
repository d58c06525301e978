{#- Date-window builds. Every model keyed on the game date is incremental: a build with
    `--vars '{start_date: ..., end_date: ...}'` recomputes exactly the dates of that window
    (reading whatever history before it the features need) and replaces them; other dates stay
    as they are. DuckDB: the window's rows are deleted and the new ones inserted in one
    transaction (custom strategy `window_replace`), so rows a rebuild no longer produces are
    gone. BigQuery: insert_overwrite of the window's day partitions. -#}

{% macro in_build_window(column) -%}
    {{ column }} between cast('{{ var("start_date") }}' as date) and cast('{{ var("end_date") }}' as date)
{%- endmacro %}

{#- config() arguments of a window-incremental model; cluster_by applies on BigQuery. -#}
{% macro window_incremental_config(cluster_by=none, wide_rows=false) %}
    {{ return(adapter.dispatch('window_incremental_config', 'nba_props')(cluster_by, wide_rows)) }}
{% endmacro %}

{#- wide_rows: DuckDB fills a row group (122,880 rows) per thread in memory before writing it,
    about 280 MB per thread for the feature store's 186 columns; beside the spilling joins
    of a large build that buffer is what runs out of memory_limit (at 16x the sample: 1536MB,
    docs/benchmarks.md), so such a model writes on one thread. -#}
{% macro default__window_incremental_config(cluster_by, wide_rows) %}
    {%- set config = {
        'materialized': 'incremental',
        'incremental_strategy': 'window_replace',
        'on_schema_change': 'fail',
        'meta': {'window_column': 'game_date'},
    } -%}
    {%- if wide_rows -%}
        {%- do config.update({'pre_hook': 'set threads = 1', 'post_hook': 'reset threads'}) -%}
    {%- endif -%}
    {{ return(config) }}
{% endmacro %}

{% macro bigquery__window_incremental_config(cluster_by, wide_rows) %}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite',
        'partition_by': {'field': 'game_date', 'data_type': 'date', 'granularity': 'day'},
        'partitions': window_partitions(),
        'cluster_by': cluster_by,
        'on_schema_change': 'fail',
        'meta': {'window_column': 'game_date'},
    }) }}
{% endmacro %}

{#- The window's days as BigQuery partition literals, so insert_overwrite also empties days
    that no longer have rows; none (dynamic partitions) for an unbounded window. -#}
{% macro window_partitions() %}
    {%- set start = modules.datetime.date.fromisoformat(var('start_date') | string) -%}
    {%- set end = modules.datetime.date.fromisoformat(var('end_date') | string) -%}
    {%- set days = (end - start).days + 1 -%}
    {%- if days < 1 or days > 400 -%}{{ return(none) }}{%- endif -%}
    {%- set partitions = [] -%}
    {%- for offset in range(days) -%}
        {%- do partitions.append("date '" ~ (start + modules.datetime.timedelta(days=offset)).isoformat() ~ "'") -%}
    {%- endfor -%}
    {{ return(partitions) }}
{% endmacro %}

{#- DuckDB strategy: replace the build window's rows by the new ones. -#}
{% macro get_incremental_window_replace_sql(arg_dict) %}
    {%- set columns = arg_dict['dest_columns'] | map(attribute='quoted') | join(', ') -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ in_build_window('game_date') }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}

{#- config() arguments of a full-rebuild table keyed on game_date: day partitions and clustering
    on BigQuery, nothing on DuckDB. -#}
{% macro game_date_table_config(cluster_by) %}
    {{ return(adapter.dispatch('game_date_table_config', 'nba_props')(cluster_by)) }}
{% endmacro %}
{% macro default__game_date_table_config(cluster_by) %}
    {{ return({'materialized': 'table'}) }}
{% endmacro %}
{% macro bigquery__game_date_table_config(cluster_by) %}
    {{ return({
        'materialized': 'table',
        'partition_by': {'field': 'game_date', 'data_type': 'date', 'granularity': 'day'},
        'cluster_by': cluster_by,
    }) }}
{% endmacro %}
