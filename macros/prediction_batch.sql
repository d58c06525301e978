{#- The runner's prediction batch: the columns it writes (one run's rows) and that the
    player_prop_predictions model takes over, as (name, contract type name). The list is the
    var `prediction_columns` in dbt_project.yml; contract_data_type() gives each type. -#}
{% macro prediction_columns() %}
{%- set columns = [] -%}
{%- for column in var('prediction_columns') -%}
    {%- do columns.append((column.name, column.type)) -%}
{%- endfor -%}
{{ return(columns) }}
{% endmacro %}

{#- on-run-start: create the (empty) batch table when the runner has not written one yet, so
    the predictions models build before the first prediction. -#}
{% macro create_prediction_batch_table() %}
    {%- set relation = source('nba_runner', 'prediction_batch') -%}
    {{ create_schema_if_missing(relation) }};
    create table if not exists {{ relation }} (
    {%- for name, data_type in prediction_columns() %}
        {{ name }} {{ contract_data_type(data_type) }}{{ "," if not loop.last }}
    {%- endfor %}
    )
{% endmacro %}

{% macro create_schema_if_missing(relation) -%}
    {{ return(adapter.dispatch('create_schema_if_missing', 'nba_props')(relation)) }}
{%- endmacro %}
{% macro default__create_schema_if_missing(relation) -%}
    create schema if not exists {{ relation.schema }}
{%- endmacro %}
{% macro bigquery__create_schema_if_missing(relation) -%}
    create schema if not exists `{{ relation.database }}`.`{{ relation.schema }}`
{%- endmacro %}
