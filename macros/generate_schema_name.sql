{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Use the folder's schema as-is (staging, intermediate, marts, seeds), not target_schema_custom. -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
