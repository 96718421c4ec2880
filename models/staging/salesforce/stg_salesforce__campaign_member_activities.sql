{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#-
    One row per staged Salesforce campaign member: the marketing activity it is (seed
    salesforce_campaign_member_activity_map: campaign type, case-insensitive campaign-name pattern,
    member status; the lowest priority wins; null when no row matches) and when it happened. A
    member that responded: created_date if it responded on the day it was created (a web form
    creates the member at the response), else last_modified_date if that falls on
    first_responded_date (a registrant updated to Attended), else first_responded_date at 00:00
    UTC, flagged is_date_only. A member that did not respond (Registered): created_date.
-#}
{%- set timestamp_type = api.Column.translate_type('timestamp') -%}
{%- set has_members = lead_funnel.connector_table_enabled('salesforce', 'campaign_member') -%}
{%- set has_campaigns = lead_funnel.connector_table_enabled('salesforce', 'campaign') -%}

with

member_map as (
    select * from {{ ref('salesforce_campaign_member_activity_map') }}
),

{% if has_members %}
    members as (
        select * from {{ ref('stg_salesforce__campaign_member') }}
    ),
{% else %}
    members as (
        -- campaign_member disabled (var salesforce__campaign_member_enabled): no rows
        {{ lead_funnel.empty_relation([
            ('id', 'text'), ('campaign_id', 'text'), ('lead_id', 'text'),
            ('contact_id', 'text'), ('status', 'text'), ('has_responded', 'boolean'),
            ('first_responded_date', 'date'), ('created_date', 'timestamp'),
            ('last_modified_date', 'timestamp')
        ]) }}
    ),
{% endif %}

{% if has_campaigns %}
    campaigns as (
        select * from {{ ref('stg_salesforce__campaign') }}
    ),
{% else %}
    campaigns as (
        -- campaign disabled: members have no campaign type or name, so no map row matches
        {{ lead_funnel.empty_relation([
            ('id', 'text'), ('name', 'text'), ('type', 'text')
        ]) }}
    ),
{% endif %}

campaign_map_rows as (
    -- the map rows each campaign matches on its type and name pattern: the regular expressions
    -- run once per campaign and map row, not once per member (~3M members at bench tier S)
    select
        campaigns.id as campaign_id,
        member_map.member_status,
        member_map.priority,
        member_map.activity_type
    from campaigns
    inner join member_map
        on
            (
                {{ lead_funnel.clean_text('member_map.campaign_type') }} is null
                or {{ lead_funnel.normalise_enum('campaigns.type') }}
                = {{ lead_funnel.normalise_enum('member_map.campaign_type') }}
            )
            and (
                {{ lead_funnel.clean_text('member_map.campaign_name_pattern') }} is null
                or coalesce({{ lead_funnel.regex_matches_column(
                    'lower(campaigns.name)', 'lower(member_map.campaign_name_pattern)'
                ) }}, false)
            )
),

campaignless_map_rows as (
    -- a member whose campaign is not staged matches only the rows naming no campaign type or pattern
    select
        member_status,
        priority,
        activity_type
    from member_map
    where
        {{ lead_funnel.clean_text('campaign_type') }} is null
        and {{ lead_funnel.clean_text('campaign_name_pattern') }} is null
),

member_map_rows as (
    -- the map rows each member matches: its campaign's rows, else the campaignless ones, and its status
    select
        members.id as member_id,
        campaign_map_rows.priority,
        campaign_map_rows.activity_type
    from members
    inner join campaign_map_rows
        on
            members.campaign_id = campaign_map_rows.campaign_id
            and {{ lead_funnel.normalise_enum('members.status') }}
            = {{ lead_funnel.normalise_enum('campaign_map_rows.member_status') }}
    union all
    select
        members.id as member_id,
        campaignless_map_rows.priority,
        campaignless_map_rows.activity_type
    from members
    left join campaigns
        on members.campaign_id = campaigns.id
    inner join campaignless_map_rows
        on
            {{ lead_funnel.normalise_enum('members.status') }}
            = {{ lead_funnel.normalise_enum('campaignless_map_rows.member_status') }}
    where campaigns.id is null
),

member_matches as (
    -- the lowest priority first
    select
        member_id,
        activity_type,
        row_number() over (partition by member_id order by priority) as match_rank
    from member_map_rows
),

final as (
    select
        members.id as source_id,
        members.lead_id as crm_lead_id,
        members.contact_id as crm_contact_id,
        member_matches.activity_type,
        members.status as salesforce_type,
        case
            when not coalesce(members.has_responded, false) or members.first_responded_date is null
                then members.created_date
            when cast(members.created_date as date) = members.first_responded_date
                then members.created_date
            when cast(members.last_modified_date as date) = members.first_responded_date
                then members.last_modified_date
            else cast(members.first_responded_date as {{ timestamp_type }})
        end as occurred_at,
        coalesce(members.has_responded, false)
        and members.first_responded_date is not null
        and coalesce(cast(members.created_date as date) <> members.first_responded_date, true)
        and coalesce(cast(members.last_modified_date as date) <> members.first_responded_date, true)
            as is_date_only,
        campaigns.name as asset,
        members.campaign_id
    from members
    left join campaigns
        on members.campaign_id = campaigns.id
    left join member_matches
        on
            members.id = member_matches.member_id
            and member_matches.match_rank = 1
)

select * from final
