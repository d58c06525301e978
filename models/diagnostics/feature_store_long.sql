{{ config(materialized='view') }}
{#- The feature store unpivoted: one row per (player, game date, feature), for diagnosis. -#}
with ml_feature_store_v2 as (

    select * from {{ ref('ml_feature_store_v2') }}

),

final as (
    {%- for f in feature_contract() %}
    select
        player_id,
        game_date,
        cast({{ f.index }} as {{ dbt.type_bigint() }}) as feature_index,
        '{{ f.name }}' as feature_name,
        {{ f.name }} as feature_value,
        {{ f.name }} is null as is_default,
        {{ f.name }}_source as feature_source,
        {{ f.name }}_default_reason as default_reason
    from ml_feature_store_v2
    {{ "union all" if not loop.last }}
    {%- endfor %}

)

select * from final
