{#- The headline gap table: per feature over every date of the store (never cut to a build
    window, so a one-day build leaves its meaning alone; feature_default_weekly has it by week), how
    often it was defaulted, for how many players, which source class it belongs to, the top
    three reasons with their counts, and how often a value was out of the contract's range
    (assert_out_of_contract_range_share_below_max fails the build when a window's share is
    above var out_of_range_max_share: a broken upstream). Read from the wide store one feature
    at a time (its value, reason and the keys): the unpivoted view (feature_store_long) holds a
    row per feature of every store row, and its distinct players per feature spilled at 16x the
    sample (57.8 s of a 202 s rebuild, docs/benchmarks.md). -#}
{%- set contract = feature_contract() -%}
with ml_feature_store_v2 as (

    select * from {{ ref('ml_feature_store_v2') }}

),

feature_contract as (

    select * from {{ ref('feature_contract') }}

),

per_feature as (
    {%- for f in contract %}
    select
        cast({{ f.index }} as {{ dbt.type_bigint() }}) as feature_index,
        count(*) as row_count,
        cast(sum(case when {{ f.name }} is null then 1 else 0 end) as {{ dbt.type_bigint() }}) as default_count,
        count(distinct case when {{ f.name }} is null then player_id end) as affected_players,
        cast(sum(case when {{ f.name }}_default_reason = 'out_of_contract_range' then 1 else 0 end) as {{ dbt.type_bigint() }}) as out_of_range_count,
        min(game_date) as window_start,
        max(game_date) as window_end
    from ml_feature_store_v2
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

reason_counts as (
    {%- for f in contract %}
    select
        cast({{ f.index }} as {{ dbt.type_bigint() }}) as feature_index,
        {{ f.name }}_default_reason as default_reason,
        count(*) as reason_count
    from ml_feature_store_v2
    where {{ f.name }} is null
    group by {{ f.name }}_default_reason
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

per_reason as (

    select
        feature_index,
        default_reason,
        reason_count,
        row_number() over (partition by feature_index order by reason_count desc, default_reason) as reason_rank
    from reason_counts

),

top_reasons as (

    select
        feature_index,
        {{ dbt.listagg(
            dbt.concat(["default_reason", "' ('", "cast(reason_count as " ~ dbt.type_string() ~ ")", "')'"]),
            "', '", "order by reason_rank") }} as top_reasons
    from per_reason
    where reason_rank <= 3
    group by feature_index

),

final as (

    select
        feature_contract.feature_index,
        feature_contract.feature_name,
        feature_contract.category,
        feature_contract.source_class,
        feature_contract.upstream_model,
        feature_contract.is_optional,
        per_feature.window_start,
        per_feature.window_end,
        coalesce(per_feature.row_count, 0) as row_count,
        coalesce(per_feature.default_count, 0) as default_count,
        coalesce({{ safe_div('1.0 * per_feature.default_count', 'per_feature.row_count') }}, 0) as default_share,
        coalesce(per_feature.affected_players, 0) as affected_players,
        top_reasons.top_reasons,
        coalesce(per_feature.out_of_range_count, 0) as out_of_range_count,
        coalesce({{ safe_div('1.0 * per_feature.out_of_range_count', 'per_feature.row_count') }}, 0) as out_of_range_share,
        coalesce({{ safe_div('1.0 * per_feature.out_of_range_count', 'per_feature.row_count') }}, 0)
            > {{ var('out_of_range_max_share') }} as out_of_range_share_exceeds_max
    from feature_contract
    left join per_feature on per_feature.feature_index = feature_contract.feature_index
    left join top_reasons on top_reasons.feature_index = feature_contract.feature_index

)

select * from final
