{#-
    Incremental helpers (docs/performance.md). Activity-scale models re-read, on every run, the
    rows dated from `incremental_reprocess_from` on: the latest loaded time minus
    var incremental_lookback_days, so activities that arrive up to that many days late are
    still picked up. Everything here is plain SQL or dbt cross-database macros.
-#}

{% macro incremental_reprocess_from(loaded_at, upper_bound) -%}
    {#-
        Aggregate expression over the loaded rows (`select ... from {{ this }}`): the earlier of
        max(loaded_at) and upper_bound, minus var incremental_lookback_days; null when nothing is
        loaded yet (read everything). upper_bound covers an as_of moved back in time.
    -#}
    case
        when max({{ loaded_at }}) is null then null
        else {{ dbt.dateadd(
            'day',
            -1 * var('incremental_lookback_days', 3),
            'case when max(' ~ loaded_at ~ ') < ' ~ upper_bound ~ ' then max(' ~ loaded_at ~ ') else '
            ~ upper_bound ~ ' end'
        ) }}
    end
{%- endmacro %}


{% macro incremental_is_reprocessed(column, reprocess_from) -%}
    {#- True for a row the run re-reads: dated at or after reprocess_from, undated, or a first load. -#}
    (
        {{ reprocess_from }} is null
        or {{ column }} is null
        or {{ column }} >= {{ reprocess_from }}
    )
{%- endmacro %}


{% macro incremental_delete_tombstones(key_column) -%}
    {#-
        Post-hook of a delete+insert model that replaces all rows of a key: a key that must lose
        all its rows is written as one tombstone row (`key_column` null, only the unique key
        set), which makes delete+insert delete its old rows; this then removes the tombstone.
        A no-op on full builds (no tombstones are written there).
    -#}
    delete from {{ this }} where {{ key_column }} is null
{%- endmacro %}
