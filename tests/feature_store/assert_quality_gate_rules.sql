{#- Every rule of the gate macro (quality_gate_reason), each reached by a crafted row, and the
    boundaries that pass. A clean row of the store never reaches the red-alert, matchup and score
    rules (with no required default its score stays near 80 or above), so only crafted rows show
    that those rules are there and in this order. Returns the rows whose reason is not expected. -#}
{%- set cases = [
    ('unknown_required', 'null', '90', '90', "'green'", "'unknown_quality'"),
    ('unknown_score', '0', 'null', '90', "'green'", "'unknown_quality'"),
    ('unknown_matchup', '0', '90', 'null', "'green'", "'unknown_quality'"),
    ('unknown_alert', '0', '90', '90', 'null', "'unknown_quality'"),
    ('required_defaults_first', '1', '40', '30', "'red'", "'required_defaults_1'"),
    ('required_defaults_counted', '3', '90', '90', "'yellow'", "'required_defaults_3'"),
    ('red_alert', '0', '90', '90', "'red'", "'red_alert'"),
    ('red_alert_before_matchup', '0', '60', '40', "'red'", "'red_alert'"),
    ('matchup_below_50', '0', '90', '49.9', "'yellow'", "'matchup_below_50'"),
    ('matchup_before_score', '0', '60', '49.9', "'yellow'", "'matchup_below_50'"),
    ('score_below_70', '0', '69.99', '90', "'yellow'", "'quality_below_70'"),
    ('passes_at_the_boundaries', '0', '70', '50', "'yellow'", 'null'),
    ('passes_clean', '0', '100', '100', "'green'", 'null'),
] -%}
with cases as (

    {%- for name, required, score, matchup, alert, expected in cases %}
    select
        '{{ name }}' as case_name,
        cast({{ required }} as {{ dbt.type_bigint() }}) as required_default_count,
        cast({{ score }} as {{ type_double() }}) as feature_quality_score,
        cast({{ matchup }} as {{ type_double() }}) as matchup_quality_pct,
        cast({{ alert }} as {{ dbt.type_string() }}) as quality_alert_level,
        cast({{ expected }} as {{ dbt.type_string() }}) as expected_reason
    {{ 'union all' if not loop.last }}
    {%- endfor %}

),

gated as (

    select
        case_name,
        expected_reason,
        {{ quality_gate_reason() }} as quality_gate_reason
    from cases

),

final as (

    select * from gated
    where coalesce(quality_gate_reason, 'passes') != coalesce(expected_reason, 'passes')

)

select * from final
