{#- Data tests of a window build test the window. A generic test on a model keyed on the game
    date (config meta `window_column`, set by window_incremental_config) reads only the build
    window's rows when the build has a window (vars start_date/end_date narrower than every date)
    and var `full_table_tests` is not true; a full build, `make test` and the tests after a
    backfill (which pass full_table_tests) read the whole table. A test's own `where` config is
    kept and combined with the window. Overrides dbt's get_where_subquery, the hook every
    generic test's `model` argument goes through. -#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}{%- do conditions.append('(' ~ where ~ ')') -%}{%- endif -%}
    {%- set window_column = tested_window_column() -%}
    {%- if window_column and build_has_window() and not var('full_table_tests', false) -%}
        {%- do conditions.append(in_build_window(window_column)) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- The `window_column` meta of the model the current generic test is attached to, else none. -#}
{% macro tested_window_column() -%}
    {%- if not execute or model is not mapping or not model.get('attached_node') -%}{%- do return(none) -%}{%- endif -%}
    {%- set tested = graph.nodes.get(model.attached_node) -%}
    {%- if tested is none -%}{%- do return(none) -%}{%- endif -%}
    {%- do return(tested.config.get('meta', {}).get('window_column')) -%}
{%- endmacro %}

{#- True when the build window is narrower than every date (the project defaults). -#}
{% macro build_has_window() -%}
    {%- do return((var('start_date') | string) != '1900-01-01' or (var('end_date') | string) != '2999-12-31') -%}
{%- endmacro %}

{#- The same scope for a singular test's rows of a window model: `where <window>` on a window
    build (unless var full_table_tests), nothing otherwise. -#}
{% macro window_test_filter(column='game_date') -%}
    {%- if build_has_window() and not var('full_table_tests', false) -%}
        where {{ in_build_window(column) }}
    {%- endif -%}
{%- endmacro %}
