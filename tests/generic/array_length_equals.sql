{% test array_length_equals(model, column_name, count_column) %}
select *
from {{ model }}
where {{ array_len(column_name) }} != coalesce({{ count_column }}, -1)
{% endtest %}
