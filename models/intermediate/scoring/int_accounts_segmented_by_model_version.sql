{#-
    One row per account and scoring-model version evaluated (int_scoring_model_versions): the
    account's segment under that version's employee bands (seed scoring_segments) and whether its
    industry is in the ICP. int_accounts_segmented is the version in force at as_of.
-#}

with

accounts as (
    select * from {{ ref('stg_raw__accounts') }}
),

segments as (
    -- the segments of the scoring-model versions evaluated
    select * from {{ ref('scoring_segments') }}
    where {{ lead_funnel.scoring_model_version_is() }}
),

icp_industries as (
    select lower(trim(industry)) as industry from {{ ref('scoring_icp_industries') }}
),

default_segments as (
    select
        model_version,
        segment
    from segments
    where is_default_segment
),

banded as (
    -- the segment whose employee band holds the headcount; overlapping bands: the highest band
    select
        accounts.account_id,
        segments.model_version,
        segments.segment,
        row_number() over (
            partition by accounts.account_id, segments.model_version
            order by segments.min_employee_count desc, segments.segment asc
        ) as band_rank
    from accounts
    inner join segments
        on
            accounts.employee_count >= coalesce(segments.min_employee_count, accounts.employee_count)
            and accounts.employee_count <= coalesce(segments.max_employee_count, accounts.employee_count)
),

final as (
    select
        accounts.account_id,
        default_segments.model_version,
        accounts.account_name,
        accounts.domain,
        accounts.industry,
        accounts.employee_count,
        accounts.country,
        coalesce(banded.segment, default_segments.segment) as segment,
        icp_industries.industry is not null as is_icp_industry
    from accounts
    cross join default_segments
    left join banded
        on
            accounts.account_id = banded.account_id
            and default_segments.model_version = banded.model_version
            and banded.band_rank = 1
    left join icp_industries
        on accounts.industry = icp_industries.industry
)

select * from final
