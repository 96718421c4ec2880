with

accounts as (
    select * from {{ ref('stg_raw__accounts') }}
),

segments as (
    select * from {{ ref('scoring_segments') }}
),

icp_industries as (
    select lower(trim(industry)) as industry from {{ ref('scoring_icp_industries') }}
),

default_segment as (
    select segment from segments
    where is_default_segment
),

banded as (
    -- the segment whose employee band holds the headcount; overlapping bands: the highest band
    select
        accounts.account_id,
        segments.segment,
        row_number() over (
            partition by accounts.account_id
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
        accounts.account_name,
        accounts.domain,
        accounts.industry,
        accounts.employee_count,
        accounts.country,
        coalesce(banded.segment, default_segment.segment) as segment,
        icp_industries.industry is not null as is_icp_industry
    from accounts
    cross join default_segment
    left join banded
        on
            accounts.account_id = banded.account_id
            and banded.band_rank = 1
    left join icp_industries
        on accounts.industry = icp_industries.industry
)

select * from final
