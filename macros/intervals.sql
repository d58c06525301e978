{#- 95 % intervals, plain arithmetic (the same SQL on DuckDB and BigQuery). -#}
{#- Wilson score interval of successes / trials: side = -1 lower bound, +1 upper; NULL without trials. -#}
{% macro wilson_bound(successes, trials, side, z=1.96) -%}
    case when {{ trials }} > 0 then
        (
            (1.0 * {{ successes }} / {{ trials }}) + {{ z * z }} / (2.0 * {{ trials }})
            {{ '-' if side < 0 else '+' }} {{ z }} * sqrt(
                (1.0 * {{ successes }} / {{ trials }}) * (1 - 1.0 * {{ successes }} / {{ trials }}) / {{ trials }}
                + {{ z * z }} / (4.0 * {{ trials }} * {{ trials }})
            )
        ) / (1 + {{ z * z }} / {{ trials }})
    end
{%- endmacro %}

{#- Normal interval of a mean from its sum, sum of squares and count: side = -1 lower, +1 upper;
    NULL with fewer than two values. -#}
{% macro mean_bound(total, total_squares, n, side, z=1.96) -%}
    case when {{ n }} > 1 then
        {{ total }} / {{ n }} {{ '-' if side < 0 else '+' }} {{ z }} * sqrt(
            greatest(({{ total_squares }} - {{ total }} * {{ total }} / {{ n }}) / ({{ n }} - 1), 0) / {{ n }}
        )
    end
{%- endmacro %}
