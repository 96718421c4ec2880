{% macro raw_max_loaded_at(column) -%}
    {#-
        loaded_at_query of the raw sources (`dbt source freshness`): the newest value of `column`
        in the source table being checked (`this`), parsed like staging parses it (text from CSV
        exports, with or without an offset, or typed), so unparseable values are ignored.
    -#}
    select max({{ lead_funnel.safe_timestamp(column, lead_funnel.column_types(this)) }})
    from {{ this }}
{%- endmacro %}
