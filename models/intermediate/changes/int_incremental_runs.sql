{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='run_as_of',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook="{{ lead_funnel.incremental_drop_loaded_copy() }}"
    )
}}
{#-
    The as_of of every run that built the incremental models since the last full build, one row
    each (this run's included). The bookkeeping behind macro incremental_lookback_start: a run
    recomputes what moved with time since the previous run (an activity leaving its window, a
    scoring-model version taking force), however long ago that run was. A full build keeps only
    its own as_of; a rerun at the same as_of replaces its row.
-#}

with

final as (
    select {{ lead_funnel.as_of() }} as run_as_of
)

{{ lead_funnel.incremental_select('final', 'run_as_of') }}
