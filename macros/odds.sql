{#- Implied probability of American odds (NULL stays NULL). -#}
{% macro implied_probability(price) -%}
    case
        when {{ price }} is null then null
        when {{ price }} > 0 then 100.0 / ({{ price }} + 100.0)
        else -1.0 * {{ price }} / (-1.0 * {{ price }} + 100.0)
    end
{%- endmacro %}
