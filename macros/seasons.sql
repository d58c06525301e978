{#- NBA season (start year) of a date: August onwards belongs to that year's season. -#}
{% macro season_of_date(date_expr) -%}
    (extract(year from {{ date_expr }}) - case when extract(month from {{ date_expr }}) < 8 then 1 else 0 end)
{%- endmacro %}
