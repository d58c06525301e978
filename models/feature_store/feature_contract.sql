{#- The feature contract as a queryable table, generated from macros/feature_contract.sql.
    The runner reads its feature list from here (in_model_v9 rows, by feature_index). -#}
{%- set upstreams = feature_upstreams() -%}

with contract_rows as (
    {%- for f in feature_contract() %}
    select
        cast({{ f.index }} as {{ dbt.type_bigint() }}) as feature_index,
        '{{ f.name }}' as feature_name,
        '{{ f.category }}' as category,
        '{{ f.source_class }}' as source_class,
        '{{ upstreams[f.upstream] }}' as upstream_model,
        '{{ feature_column(f) }}' as upstream_column,
        cast({{ 'null' if f.default_value is none else f.default_value }} as {{ type_double() }}) as original_default_value,
        cast({{ f.min_value }} as {{ type_double() }}) as min_value,
        cast({{ f.max_value }} as {{ type_double() }}) as max_value,
        {{ 'true' if f.get('optional') else 'false' }} as is_optional,
        {{ 'true' if f.index < model_feature_count() | int else 'false' }} as in_model_v9,
        {{ sql_string_literal(f.description) }} as description
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        contract_rows.*,
        '{{ var("feature_version") }}' as feature_version
    from contract_rows

)

select * from final
