{#- Layers land in their own schema (DuckDB) or dataset (BigQuery) named after the layer:
    staging, analytics, precompute, predictions. A target without a custom schema falls back
    to the profile's schema.

    On BigQuery the datasets of a project are one flat namespace shared with other teams, so
    the layer name is prefixed with the profile's `dataset` (profiles.yml.example sets it from
    NBA_PROPS_BQ_DATASET_PREFIX, default `nba`): nba_staging, nba_analytics, nba_precompute,
    nba_predictions, next to the raw dataset nba_raw (NBA_PROPS_BQ_RAW_DATASET). A developer
    can point `dataset` at e.g. `dev_alice` to get dev_alice_analytics and so on. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ return(adapter.dispatch('layer_schema_name', 'nba_props')(custom_schema_name, node)) }}
{%- endmacro %}

{% macro default__layer_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

{% macro bigquery__layer_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
