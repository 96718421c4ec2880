{% macro rate_out_of_range(column) -%}
    {#- The rule of a rate (a share in 0..1; null: no denominator) as the predicate that breaks it: read by the tests is_rate and row_rules (rates). -#}
    ({{ column }} < 0 or {{ column }} > 1)
{%- endmacro %}
