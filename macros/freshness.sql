{% macro raw_max_loaded_at(column) -%}
    {#-
        loaded_at_query of the raw sources (`dbt source freshness`): the newest value of `column`
        in the source table being checked (`this`), parsed like staging parses it (text from CSV
        exports, with or without an offset, or typed), so unparseable values are ignored. A source
        cannot ref a seed, so values ending in a zone abbreviation (seed timezone_abbreviations)
        are ignored here too.
    -#}
    select max({{ lead_funnel.safe_timestamp(column, lead_funnel.column_types(this), zone_abbreviations=false) }})
    from {{ this }}
{%- endmacro %}
