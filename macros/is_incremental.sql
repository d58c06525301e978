{#- Overrides dbt's is_incremental() so the BigQuery SQL can be compiled offline
    (`make bq-check`): the real macro asks the warehouse whether the relation exists, which
    needs a connection. DBT_OFFLINE_COMPILE=full renders the full-refresh branch,
    =incremental the incremental branch (incremental models only); unset (every normal run)
    it is dbt's own is_incremental(). -#}
{% macro is_incremental() %}
    {%- set mode = env_var('DBT_OFFLINE_COMPILE', '') -%}
    {%- if mode == 'full' -%}
        {{ return(false) }}
    {%- elif mode == 'incremental' -%}
        {{ return(model.config.materialized == 'incremental') }}
    {%- else -%}
        {{ return(dbt.is_incremental()) }}
    {%- endif -%}
{% endmacro %}
