{#- Rows where the expression is not true (false or NULL) fail. Works at model or column level
    (the column is only context: the expression names it). -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not coalesce({{ expression }}, false)
{% endtest %}
