{#- The feature contract as a queryable table, generated from macros/feature_contract.sql.
    The runner reads its feature list from here (in_model rows, by feature_index: the set of
    var model_feature_set, named in model_feature_set); one in_model_<version> column per
    version of var model_feature_sets and their names in feature_sets. -#}
{%- set sets = model_feature_sets() -%}
{%- set active = model_feature_set() -%}

with contract_rows as (
    {%- for f in feature_contract() %}
    select
        cast({{ f.index }} as {{ dbt.type_bigint() }}) as feature_index,
        '{{ f.name }}' as feature_name,
        '{{ f.category }}' as category,
        '{{ f.source_class }}' as source_class,
        '{{ f.feature_group }}' as feature_group,
        '{{ f.upstream }}' as upstream_model,
        '{{ feature_column(f) }}' as upstream_column,
        cast({{ 'null' if f.default_value is none else f.default_value }} as {{ type_double() }}) as original_default_value,
        cast({{ f.min_value }} as {{ type_double() }}) as min_value,
        cast({{ f.max_value }} as {{ type_double() }}) as max_value,
        {{ 'true' if f.get('optional') else 'false' }} as is_optional,
        {{ 'false' if f.get('quality_scored', true) is false else 'true' }} as is_quality_scored,
        {%- for version, indices in sets.items() %}
        {{ 'true' if f.index in indices else 'false' }} as in_model_{{ version }},
        {%- endfor %}
        {{ 'true' if f.index in sets.get(active, []) else 'false' }} as in_model,
        {%- set holding = [] %}
        {%- for version, indices in sets.items() %}{% if f.index in indices %}{% do holding.append(version) %}{% endif %}{% endfor %}
        '{{ holding | join(',') }}' as feature_sets,
        {{ sql_string_literal(f.description) }} as description
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

final as (

    select
        contract_rows.*,
        '{{ active }}' as model_feature_set,
        '{{ var("feature_version") }}' as feature_version
    from contract_rows

)

select * from final
