{#- count_column must equal the number of elements of the array that are not in `excluded`. -#}
{% test array_count_outside(model, column_name, count_column, excluded) %}
    {{ return(adapter.dispatch('test_array_count_outside', 'nba_props')(model, column_name, count_column, excluded)) }}
{% endtest %}
