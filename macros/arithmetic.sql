{#- Aggregates whose result does not depend on the order rows are added in, so that reruns give
    bit-identical tables; and a safe division. Portable SQL (type_exact_decimal is dispatched). -#}

{#- Mean of a double computed over exact decimals: floating-point sums depend on the order
    parallel threads add rows in, and reruns must give bit-identical tables. -#}
{% macro stable_avg(expr) -%}
    cast(avg(cast({{ expr }} as {{ type_exact_decimal() }})) as {{ type_double() }})
{%- endmacro %}

{#- Sum of a double over exact decimals (same reason as stable_avg). -#}
{% macro stable_sum(expr) -%}
    cast(sum(cast({{ expr }} as {{ type_exact_decimal() }})) as {{ type_double() }})
{%- endmacro %}

{#- Sample standard deviation of an integer expression from exact integer sums (n - 1 in the
    denominator; NULL below two values). -#}
{% macro integer_stddev_samp(expr) -%}
    case when count({{ expr }}) >= 2 then sqrt(
        cast(count({{ expr }}) * sum({{ expr }} * {{ expr }}) - sum({{ expr }}) * sum({{ expr }}) as {{ type_double() }})
        / (count({{ expr }}) * (count({{ expr }}) - 1))
    ) end
{%- endmacro %}

{#- numerator / denominator, NULL when the denominator is 0 or NULL. -#}
{% macro safe_div(numerator, denominator) -%}
    ({{ numerator }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
