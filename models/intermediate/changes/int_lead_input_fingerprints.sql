{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='lead_id',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook="{{ lead_funnel.incremental_drop_loaded_copy() }}"
    )
}}
{#-
    What each lead's per-lead and per-contact models are computed from, as fingerprints, and the
    as_of of the run that last saw it change (changed_as_of). A full build writes every lead with
    changed_as_of null (the models built with it are complete); an incremental run writes only the
    leads whose fingerprint moved: new leads, removed (merged away or deleted) leads, leads whose
    attributes changed (every column of int_leads_enriched_by_model_version under every scoring-
    model version evaluated, so the one in force too, the AQL contact's account and window,
    the CRM identities), leads whose activities or status changes up to as_of changed (new,
    late, re-pointed, removed, re-dated or re-sent with other content: count, summed seconds and
    summed content hash, macro content_hash), and leads whose funnel
    opportunities as of as_of changed (created, closed, won, lost, re-pointed, re-valued: count,
    summed seconds, wins, amount and summed content hash, which also moves when a deal is closed
    lost without a close date; fct_lead_funnel reads them). int_leads_affected reads it. The
    comparison with the loaded rows and the stamping: macro fingerprint_changes.
-#}

{%- set version_columns = [] -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(ref('int_leads_enriched_by_model_version')) -%}
        {%- do version_columns.append('lead_versions.' ~ column.name) -%}
    {%- endfor -%}
{%- endif -%}
{%- set compared = ['lead_fingerprint', 'activity_count', 'activity_seconds', 'activity_content_hash',
    'status_change_count', 'status_change_seconds', 'status_change_content_hash', 'opportunity_count',
    'opportunity_seconds', 'won_opportunity_count', 'opportunity_amount_usd', 'opportunity_content_hash'] -%}
{%- set epoch = "cast('2000-01-01' as " ~ dbt.type_timestamp() ~ ")" -%}

with

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

contacts as (
    -- the AQL contact's account and window (contact_key is derived from lead_id: not an attribute)
    select
        lead_id,
        account_id,
        recency_window_days
    from {{ ref('int_aql_account_contacts') }}
),

crm_identities as (
    select * from {{ ref('stg_raw__leads') }}
),

lead_versions as (
    select * from {{ ref('int_leads_enriched_by_model_version') }}
),

version_fingerprints as (
    -- the lead's attributes under every version evaluated (events follow the version then in force):
    -- an engine-native hash of each version's row, summed (macro content_hash; an md5 text key of
    -- every column of every version, aggregated in order, was most of this model's time)
    select
        lead_versions.lead_id,
        sum({{ lead_funnel.content_hash(version_columns or ['lead_versions.lead_id']) }}) as version_content_hash
    from lead_versions
    group by 1
),

lead_records as (
    -- every staged lead record and its surviving lead: the re-pointing of int_activities_scored
    -- and int_lead_status_history_repointed (macro canonical_leads_select), applied here to the
    -- per-record sums below (one row per record, not per activity)
    {{ lead_funnel.canonical_leads_select() }}
),

opportunities as (
    -- created up to as_of, outcome as of as_of (a deal created or closed since the last run moves it)
    select * from {{ ref('int_opportunities_repointed') }}
),

opportunity_fingerprints as (
    select
        lead_id,
        count(*) as opportunity_count,
        sum(
            {{ dbt.datediff(epoch, 'created_at', 'second') }}
            + coalesce({{ dbt.datediff(epoch, 'coalesce(won_at, lost_at)', 'second') }}, 0)
        ) as opportunity_seconds,
        sum(case when won_at is not null then 1 else 0 end) as won_opportunity_count,
        sum(coalesce(amount_usd, 0)) as opportunity_amount_usd,
        -- the status too: a deal closed lost without a close date moves no count, time or amount
        sum({{ lead_funnel.content_hash([
            'opportunity_id', 'opportunity_status', 'created_at', 'won_at', 'lost_at', 'amount_usd'
        ]) }}) as opportunity_content_hash
    from opportunities
    group by 1
),

record_dated_fingerprints as (
    -- per lead record, the staged activities and status changes up to as_of: count, seconds since
    -- 2000 and content (a row re-sent with the same id and time but another type moves no count
    -- or time). The activities' content hash is stored when the row is staged
    -- (stg_raw__activities.content_hash, macro content_hash of activity_id, activity_type, asset,
    -- campaign_id): this scan reads three narrow columns per activity and hashes no text. The
    -- same rows as int_activities_scored's (staged activities of a staged lead record, the one
    -- version in force) and int_lead_status_history_repointed's, summed before re-pointing.
    select
        lead_id,
        count(*) as activity_count,
        sum({{ dbt.datediff(epoch, 'occurred_at', 'second') }}) as activity_seconds,
        sum(content_hash) as activity_content_hash,
        0 as status_change_count,
        0 as status_change_seconds,
        0 as status_change_content_hash
    from {{ ref('stg_raw__activities') }}
    where occurred_at <= {{ lead_funnel.as_of() }}
    group by 1
    union all
    select
        lead_id,
        0 as activity_count,
        0 as activity_seconds,
        0 as activity_content_hash,
        count(*) as status_change_count,
        sum({{ dbt.datediff(epoch, 'changed_at', 'second') }}) as status_change_seconds,
        sum({{ lead_funnel.content_hash(['status_change_id', 'status', 'reason', 'owner_id']) }})
            as status_change_content_hash
    from {{ ref('stg_raw__lead_status_history') }}
    where changed_at <= {{ lead_funnel.as_of() }}
    group by 1
),

dated_fingerprints as (
    -- the lead records' sums re-pointed to the surviving lead
    select
        lead_records.canonical_lead_id as lead_id,
        sum(record_dated_fingerprints.activity_count) as activity_count,
        sum(record_dated_fingerprints.activity_seconds) as activity_seconds,
        sum(record_dated_fingerprints.activity_content_hash) as activity_content_hash,
        sum(record_dated_fingerprints.status_change_count) as status_change_count,
        sum(record_dated_fingerprints.status_change_seconds) as status_change_seconds,
        sum(record_dated_fingerprints.status_change_content_hash) as status_change_content_hash
    from record_dated_fingerprints
    inner join lead_records
        on record_dated_fingerprints.lead_id = lead_records.lead_id
    group by 1
),

fingerprints as (
    select
        leads.lead_id,
        {{ lead_funnel.row_key([
            'version_fingerprints.version_content_hash', 'contacts.account_id', 'contacts.recency_window_days',
            'crm_identities.source_system', 'crm_identities.crm_lead_id', 'crm_identities.crm_contact_id'
        ]) }} as lead_fingerprint,
        cast(coalesce(dated_fingerprints.activity_count, 0) as bigint) as activity_count,
        cast(coalesce(dated_fingerprints.activity_seconds, 0) as bigint) as activity_seconds,
        cast(coalesce(dated_fingerprints.activity_content_hash, 0) as bigint) as activity_content_hash,
        cast(coalesce(dated_fingerprints.status_change_count, 0) as bigint) as status_change_count,
        cast(coalesce(dated_fingerprints.status_change_seconds, 0) as bigint) as status_change_seconds,
        cast(coalesce(dated_fingerprints.status_change_content_hash, 0) as bigint) as status_change_content_hash,
        cast(coalesce(opportunity_fingerprints.opportunity_count, 0) as bigint) as opportunity_count,
        cast(coalesce(opportunity_fingerprints.opportunity_seconds, 0) as bigint) as opportunity_seconds,
        cast(coalesce(opportunity_fingerprints.won_opportunity_count, 0) as bigint) as won_opportunity_count,
        cast(coalesce(opportunity_fingerprints.opportunity_amount_usd, 0) as decimal(18, 2)) as opportunity_amount_usd,
        cast(coalesce(opportunity_fingerprints.opportunity_content_hash, 0) as bigint) as opportunity_content_hash
    from leads
    left join contacts
        on leads.lead_id = contacts.lead_id
    left join crm_identities
        on leads.lead_id = crm_identities.lead_id
    left join version_fingerprints
        on leads.lead_id = version_fingerprints.lead_id
    left join dated_fingerprints
        on leads.lead_id = dated_fingerprints.lead_id
    left join opportunity_fingerprints
        on leads.lead_id = opportunity_fingerprints.lead_id
),

{{ lead_funnel.fingerprint_changes('fingerprints', 'lead_id', compared) }}

{{ lead_funnel.incremental_select('final', 'lead_id') }}
