{#-
    Fixes for dbt-spark itself (README "Running on Spark"). dbt-spark's seed loader passes every
    CSV value as a quoted string binding: an empty cell arrives as the text 'None' and a
    backslash is read as a Spark string escape, so the regular expressions of
    scoring_title_patterns (`\b`) and scoring_academic_domain_patterns (`\.`) lose their
    backslashes (dbt-labs/dbt-spark#901, open). This override writes the values as SQL literals
    instead: null for an empty cell, strings with backslashes and quotes escaped.
-#}

{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    cast({{ lead_funnel.spark_seed_literal(value) }} as {{ types[loop.index0] }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}


{% macro spark_seed_literal(value) -%}
    {#- A seed value as a Spark SQL literal: null, a number, a boolean or an escaped string. -#}
    {%- if value is none -%}
        null
    {%- elif value is boolean -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}


{% macro spark__persist_constraints(relation, model) %}
    {#-
        dbt-spark adds constraints (`alter table ... set not null`) when file_format, read with a
        default of delta, is delta; but its table materialization defaults to parquet, which
        cannot take them, so every contracted mart failed. Same rule, with the real default.
        dbt-databricks has its own macro and is not affected.
    -#}
    {%- set contract_config = config.get('contract') -%}
    {%- if contract_config.enforced and config.get('file_format', 'parquet') == 'delta' -%}
        {%- do alter_table_add_constraints(relation, model.constraints) -%}
        {%- do alter_column_set_constraints(relation, model.columns) -%}
    {%- endif -%}
{% endmacro %}


{% macro spark__escape_single_quotes(expression) -%}
    {#-
        A value inside a Spark string literal: dbt-spark escapes the quote only, so a backslash
        was read as an escape and unit-test fixtures read from the seeds (the `\b` of
        scoring_title_patterns) lost theirs. Backslash first, then the quote.
    -#}
    {{ expression | replace("\\", "\\\\") | replace("'", "\\'") }}
{%- endmacro %}
