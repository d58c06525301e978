{#- Per ISO week (Monday) and feature over every date of the store: rows, defaults, the share
    defaulted and out-of-range values; the report's heatmap of default rate by feature and week
    (it filters by week; nothing here is cut to a build window). -#}
with feature_store_long as (

    select * from {{ ref('feature_store_long') }}

),

feature_contract as (

    select * from {{ ref('feature_contract') }}

),

per_week as (

    select
        {{ week_start('game_date') }} as week_start,
        feature_index,
        count(*) as row_count,
        cast(sum(case when is_default then 1 else 0 end) as {{ dbt.type_bigint() }}) as default_count,
        cast(sum(case when default_reason = 'out_of_contract_range' then 1 else 0 end) as {{ dbt.type_bigint() }}) as out_of_range_count,
        min(game_date) as first_game_date,
        max(game_date) as last_game_date
    from feature_store_long
    group by {{ week_start('game_date') }}, feature_index

),

final as (

    select
        per_week.week_start,
        per_week.feature_index,
        feature_contract.feature_name,
        feature_contract.category,
        feature_contract.source_class,
        feature_contract.is_optional,
        per_week.first_game_date,
        per_week.last_game_date,
        per_week.row_count,
        per_week.default_count,
        {{ safe_div('1.0 * per_week.default_count', 'per_week.row_count') }} as default_share,
        per_week.out_of_range_count
    from per_week
    inner join feature_contract on feature_contract.feature_index = per_week.feature_index

)

select * from final
