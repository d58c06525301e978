{#- Every element within [min_value, max_value], strictly ascending (so unique). -#}
{% test array_is_ascending_unique_between(model, column_name, min_value, max_value) %}
    {{ return(adapter.dispatch('test_array_is_ascending_unique_between', 'nba_props')(model, column_name, min_value, max_value)) }}
{% endtest %}
