{#- A value outside its contract range is defaulted and its row blocked, and the build goes
    on; but when one feature is out of range in more than var out_of_range_max_share of the
    window's rows, the upstream is broken (a unit change, a bad join) and the build fails. -#}
with diagnosis as (

    select * from {{ ref('feature_gap_diagnosis') }}

),

final as (

    select
        feature_index,
        feature_name,
        row_count,
        out_of_range_count,
        out_of_range_share,
        {{ var('out_of_range_max_share') }} as out_of_range_max_share
    from diagnosis
    where out_of_range_share_exceeds_max

)

select * from final
