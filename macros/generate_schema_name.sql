{#- Each model folder lands in its own schema (DuckDB) or dataset (BigQuery), the folder's
    `+schema` in dbt_project.yml: staging, analytics (phase3), precompute (phase4),
    feature_store, diagnostics, predictions (docs/feature-store.md maps them to the original
    system's datasets). A node without a custom schema falls back to the profile's schema.

    On BigQuery the datasets of a project are one flat namespace shared with other teams, so
    the schema is prefixed with the profile's `dataset` (profiles.yml.example sets it from
    NBA_PROPS_BQ_DATASET_PREFIX, default `nba`): nba_staging, nba_analytics, nba_precompute,
    nba_feature_store, nba_diagnostics, nba_predictions, next to the raw dataset nba_raw
    (NBA_PROPS_BQ_RAW_DATASET). A developer can point `dataset` at e.g. `dev_alice` to get
    dev_alice_analytics and so on. -#}
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
