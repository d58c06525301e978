{#- Per-row terms of the proper scoring rules the probability marts average (plain SQL). -#}

{#- One row's Brier term (probability - outcome)^2 for a boolean outcome; NULL when the outcome is. -#}
{% macro brier_term(probability, outcome) -%}
    case when {{ outcome }} is not null then power({{ probability }} - case when {{ outcome }} then 1.0 else 0.0 end, 2) end
{%- endmacro %}

{#- Log loss of one probability against a 0/1 outcome (probability clipped to [1e-6, 1 - 1e-6]). -#}
{% macro log_loss_term(probability, outcome) -%}
    -({{ outcome }} * ln(greatest(least({{ probability }}, 1 - 1e-6), 1e-6))
        + (1 - {{ outcome }}) * ln(greatest(least(1 - {{ probability }}, 1 - 1e-6), 1e-6)))
{%- endmacro %}
