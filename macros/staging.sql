{% macro clean_text(column, max_length=none) -%}
    {#- Trimmed text, empty string as null; cut to max_length characters when given. -#}
    {%- if max_length is none -%}
        nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
    {%- else -%}
        substr(nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), ''), 1, {{ max_length }})
    {%- endif -%}
{%- endmacro %}


{% macro text_length(column) -%}
    {{ dbt.length("trim(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "))") }}
{%- endmacro %}


{% macro clean_enum(column) -%}
    {#- Enumerations are compared lowercased and trimmed ('  Paid_Search ' is paid_search). -#}
    lower(nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), ''))
{%- endmacro %}


{% macro safe_timestamp(column) -%}
    {{ dbt.safe_cast(column, api.Column.translate_type('timestamp')) }}
{%- endmacro %}


{% macro unparsed_text(raw_column, typed_expression) -%}
    {#- The raw value as text when it was present but did not parse (kept for the quarantine). -#}
    case
        when {{ typed_expression }} is null and {{ raw_column }} is not null
            then substr(cast({{ raw_column }} as {{ dbt.type_string() }}), 1, 200)
    end
{%- endmacro %}


{% macro raw_row_outcomes(relation, key_columns, order_by) -%}
    {#-
        Every row of `relation` (which has raw_row_hash and rejection_reason) with its outcome:
        quarantined (rejection_reason set), staged (first valid row per key in `order_by` order)
        or duplicate (exact_duplicate: same content as the kept row; id_duplicate: same key,
        other content). raw_row_id is unique per raw row, even for exact duplicates.
    -#}
    {%- set partition = 'rejection_reason, ' ~ key_columns | join(', ') -%}
    select
        ranked.*,
        case
            when ranked.rejection_reason is not null then 'quarantined'
            when ranked.dedup_rank = 1 then 'staged'
            else 'duplicate'
        end as row_outcome,
        case
            when ranked.rejection_reason is not null or ranked.dedup_rank = 1 then null
            when ranked.raw_row_hash = ranked.kept_row_hash then 'exact_duplicate'
            else 'id_duplicate'
        end as duplicate_kind
    from (
        select
            {{ relation }}.*,
            {{ dbt.concat([
                'raw_row_hash', "'-'",
                'cast(row_number() over (partition by raw_row_hash order by raw_row_hash) as '
                ~ dbt.type_string() ~ ')'
            ]) }} as raw_row_id,
            row_number() over (partition by {{ partition }} order by {{ order_by }}) as dedup_rank,
            first_value(raw_row_hash) over (
                partition by {{ partition }} order by {{ order_by }}
                rows between unbounded preceding and unbounded following
            ) as kept_row_hash
        from {{ relation }}
    ) as ranked
{%- endmacro %}
