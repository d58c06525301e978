{#- For every contract feature and row: the value is NULL exactly when the source says default
    (or missing) and a reason is given; a real value lies in the contract's range (the store
    defaults a value outside it as out_of_contract_range, so one extreme row never fails here;
    assert_out_of_contract_range_share_below_max bounds how many there are); the model
    vector holds the value at the feature's index, NaN where default; the index appears in
    default_feature_indices exactly when the value is NULL (checked through the count). -#}
with store as (

    select * from {{ ref('ml_feature_store_v2') }}
    {{ window_test_filter() }}

),

violations as (
    {%- for f in feature_contract() %}
    select
        player_id,
        game_date,
        '{{ f.name }}' as feature_name,
        case
            when ({{ f.name }} is null) != ({{ f.name }}_source in ('default', 'missing')) then 'source_disagrees_with_null'
            when ({{ f.name }} is null) != ({{ f.name }}_default_reason is not null) then 'reason_disagrees_with_null'
            when {{ f.name }} < {{ f.min_value }} or {{ f.name }} > {{ f.max_value }} then 'out_of_contract_range'
            when {{ f.name }} is null and not {{ is_nan(array_element('features', f.index)) }} then 'vector_not_nan_for_default'
            when {{ f.name }} is not null and {{ array_element('features', f.index) }} != {{ f.name }} then 'vector_differs_from_value'
        end as violation
    from store
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

count_mismatch as (

    select
        player_id,
        game_date,
        'all' as feature_name,
        'default_count_differs_from_null_columns' as violation
    from store
    where default_feature_count != (
        {%- for f in feature_contract() %}
        case when {{ f.name }} is null then 1 else 0 end{{ " +" if not loop.last }}
        {%- endfor %}
    )

),

final as (

    select * from violations where violation is not null
    union all
    select * from count_mismatch

)

select * from final
