{#- Layers land in their own schema (DuckDB) or dataset (BigQuery) named after the layer:
    staging, analytics, precompute, predictions. A target without a custom schema falls back
    to the profile's schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
