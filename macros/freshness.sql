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


{% macro connector_max_loaded_at(candidates) -%}
    {#-
        loaded_at_query of a connector's source tables: the newest value of the first of
        `candidates` (e.g. _fivetran_synced, last_modified_date) present in the table (`this`),
        matched as connector_columns matches (snake_case or API names), parsed like staging.
    -#}
    {%- set picked = lead_funnel.connector_columns(this, candidates) -%}
    {%- set present = [] -%}
    {%- for name, column in picked.items() if column.present -%}{%- do present.append(name) -%}{%- endfor -%}
    {%- set name = present[0] if present else candidates[0] -%}
    select max({{ lead_funnel.safe_timestamp('loaded_at', {'loaded_at': picked[name].data_type}, zone_abbreviations=false) }})
    from (select {{ picked[name].expression }} as loaded_at from {{ this }}) as connector_rows
{%- endmacro %}
