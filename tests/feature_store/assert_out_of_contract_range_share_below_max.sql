{#- A value outside its contract range is defaulted and its row blocked, and the build goes
    on; but when one feature is out of range in more than var out_of_range_max_share of the
    build window's rows, the upstream is broken (a unit change, a bad join) and the build fails.
    The shares are the window's, from the unpivoted store: the gap marts hold the whole history. -#}
with long as (

    select * from {{ ref('feature_store_long') }}
    where {{ in_build_window('game_date') }}

),

per_feature as (

    select
        feature_index,
        feature_name,
        count(*) as row_count,
        sum(case when default_reason = 'out_of_contract_range' then 1 else 0 end) as out_of_range_count
    from long
    group by feature_index, feature_name

),

final as (

    select
        feature_index,
        feature_name,
        row_count,
        out_of_range_count,
        1.0 * out_of_range_count / row_count as out_of_range_share,
        {{ var('out_of_range_max_share') }} as out_of_range_max_share
    from per_feature
    where 1.0 * out_of_range_count / row_count > {{ var('out_of_range_max_share') }}

)

select * from final
