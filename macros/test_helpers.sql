{#- Dialect implementations of the array generic tests in tests/generic (dbt only registers
    macros from macros/). -#}

{% macro default__test_array_is_ascending_unique_between(model, column_name, min_value, max_value) %}
select *
from {{ model }}
where len(list_filter({{ column_name }}, lambda i: i < {{ min_value }} or i > {{ max_value }})) > 0
    or {{ column_name }} != list_sort(list_distinct({{ column_name }}))
{% endmacro %}

{% macro bigquery__test_array_is_ascending_unique_between(model, column_name, min_value, max_value) %}
select *
from (select * from {{ model }}) as t
where exists (
        select 1 from unnest(t.{{ column_name }}) as i
        where i < {{ min_value }} or i > {{ max_value }}
    )
    or exists (
        select 1 from unnest(t.{{ column_name }}) as i with offset as pos
        inner join unnest(t.{{ column_name }}) as j with offset as next_pos
            on next_pos = pos + 1
        where j <= i
    )
{% endmacro %}

{% macro default__test_array_count_outside(model, column_name, count_column, excluded) %}
select *
from {{ model }}
where len(list_filter({{ column_name }}, lambda i: i not in ({{ excluded | join(', ') }})))
    != coalesce({{ count_column }}, -1)
{% endmacro %}

{% macro bigquery__test_array_count_outside(model, column_name, count_column, excluded) %}
select *
from (select * from {{ model }}) as t
where (select count(*) from unnest(t.{{ column_name }}) as i where i not in ({{ excluded | join(', ') }}))
    != coalesce(t.{{ count_column }}, -1)
{% endmacro %}

{#- NaN check on a double. -#}
{% macro is_nan(expr) -%}
    {{ return(adapter.dispatch('is_nan', 'nba_props')(expr)) }}
{%- endmacro %}
{% macro default__is_nan(expr) -%} isnan({{ expr }}) {%- endmacro %}
{% macro bigquery__is_nan(expr) -%} is_nan({{ expr }}) {%- endmacro %}
