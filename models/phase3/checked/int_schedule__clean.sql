{#- Clean rows of the raw schedule; rejected rows are in raw_quarantine. -#}
with int_schedule__checked as (

    select * from {{ ref('int_schedule__checked') }}

),

final as (

    select * {{ star_except(['quarantine_reason']) }}
    from int_schedule__checked
    where quarantine_reason is null

)

select * from final
