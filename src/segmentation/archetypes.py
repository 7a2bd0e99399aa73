"""The seven behavioral archetypes planted by the demo data generator.

Each archetype cuts across firmographic segments on purpose: a firmographic
segmentation (SMB / Mid-Market / Enterprise) cannot recover them, a behavioral
one can. The parameters are per-account means; every account draws its own
values around them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRMOGRAPHIC_SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
CHANNELS = (
    "email",
    "paid_social",
    "paid_search",
    "webinar",
    "sales_outreach",
    "in_app",
    "direct_mail",
)
OFFERS = ("discount", "trial_extension", "feature_education", "case_study", "event_invite", "none")
MESSAGE_ANGLES = ("roi", "productivity", "security", "community", "win_back")


@dataclass(frozen=True)
class Archetype:
    name: str
    share: float
    firmographic_mix: dict[str, float]
    p_active: float  # probability an account is active on a given day
    events_per_active_day: float
    breadth: float  # share of the feature catalog the account uses
    users_per_seat: float
    tickets_per_month: float
    high_severity_share: float
    csat_mean: float
    sentiment_mean: float
    discount_share: float  # discount as a share of list price
    refund_rate: float  # refunds per month
    expansion_rate: float  # seat expansions per month
    contraction_rate: float  # seat contractions per month
    churn_hazard: float  # monthly churn probability (decliners churn by their own schedule)
    addon_rate: float  # one-off purchases per month
    usage_growth: float  # multiplicative drift of activity over the two years
    best_tactic: dict[str, str] = field(default_factory=dict)
    themes: tuple[str, ...] = ()


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        name="power_user",
        share=0.13,
        firmographic_mix={"SMB": 0.0, "Mid-Market": 0.5, "Enterprise": 0.5},
        p_active=0.26,
        events_per_active_day=3.4,
        breadth=0.95,
        users_per_seat=0.9,
        tickets_per_month=0.15,
        high_severity_share=0.15,
        csat_mean=4.5,
        sentiment_mean=0.5,
        discount_share=0.02,
        refund_rate=0.002,
        expansion_rate=0.02,
        contraction_rate=0.002,
        churn_hazard=0.002,
        addon_rate=0.10,
        usage_growth=1.0,
        best_tactic={"channel": "webinar", "offer": "feature_education", "message_angle": "productivity"},
        themes=("api", "automation", "export"),
    ),
    Archetype(
        name="price_sensitive",
        share=0.15,
        firmographic_mix={"SMB": 0.55, "Mid-Market": 0.45, "Enterprise": 0.0},
        p_active=0.10,
        events_per_active_day=1.1,
        breadth=0.35,
        users_per_seat=0.55,
        tickets_per_month=0.10,
        high_severity_share=0.1,
        csat_mean=3.6,
        sentiment_mean=-0.1,
        discount_share=0.25,
        refund_rate=0.05,
        expansion_rate=0.003,
        contraction_rate=0.03,
        churn_hazard=0.012,
        addon_rate=0.01,
        usage_growth=1.0,
        best_tactic={"channel": "email", "offer": "discount", "message_angle": "roi"},
        themes=("price", "discount", "alternative"),
    ),
    Archetype(
        name="low_engagement_stable",
        share=0.16,
        firmographic_mix={"SMB": 0.4, "Mid-Market": 0.35, "Enterprise": 0.25},
        p_active=0.035,
        events_per_active_day=1.0,
        breadth=0.15,
        users_per_seat=0.2,
        tickets_per_month=0.03,
        high_severity_share=0.05,
        csat_mean=4.1,
        sentiment_mean=0.2,
        discount_share=0.03,
        refund_rate=0.003,
        expansion_rate=0.002,
        contraction_rate=0.003,
        churn_hazard=0.003,
        addon_rate=0.005,
        usage_growth=1.0,
        best_tactic={"channel": "in_app", "offer": "case_study", "message_angle": "community"},
        themes=("reporting", "simple", "enough"),
    ),
    Archetype(
        name="at_risk_decliner",
        share=0.16,
        firmographic_mix={"SMB": 0.35, "Mid-Market": 0.35, "Enterprise": 0.3},
        p_active=0.16,
        events_per_active_day=1.3,
        breadth=0.45,
        users_per_seat=0.6,
        tickets_per_month=0.3,
        high_severity_share=0.4,
        csat_mean=2.2,
        sentiment_mean=-0.55,
        discount_share=0.04,
        refund_rate=0.01,
        expansion_rate=0.002,
        contraction_rate=0.02,
        churn_hazard=0.0,
        addon_rate=0.01,
        usage_growth=1.0,
        best_tactic={"channel": "sales_outreach", "offer": "discount", "message_angle": "win_back"},
        themes=("slow", "hard_to_use", "switching"),
    ),
    Archetype(
        name="expanding_team",
        share=0.13,
        firmographic_mix={"SMB": 0.3, "Mid-Market": 0.45, "Enterprise": 0.25},
        p_active=0.2,
        events_per_active_day=1.3,
        breadth=0.5,
        users_per_seat=1.0,
        tickets_per_month=0.08,
        high_severity_share=0.1,
        csat_mean=4.3,
        sentiment_mean=0.35,
        discount_share=0.03,
        refund_rate=0.003,
        expansion_rate=0.3,
        contraction_rate=0.002,
        churn_hazard=0.001,
        addon_rate=0.06,
        usage_growth=3.0,
        best_tactic={"channel": "sales_outreach", "offer": "event_invite", "message_angle": "security"},
        themes=("seats", "sso", "onboarding_team"),
    ),
    Archetype(
        name="support_heavy",
        share=0.13,
        firmographic_mix={"SMB": 0.3, "Mid-Market": 0.35, "Enterprise": 0.35},
        p_active=0.09,
        events_per_active_day=1.05,
        breadth=0.4,
        users_per_seat=0.5,
        tickets_per_month=2.4,
        high_severity_share=0.35,
        csat_mean=3.2,
        sentiment_mean=-0.15,
        discount_share=0.04,
        refund_rate=0.01,
        expansion_rate=0.005,
        contraction_rate=0.005,
        churn_hazard=0.008,
        addon_rate=0.02,
        usage_growth=1.0,
        best_tactic={"channel": "paid_search", "offer": "trial_extension", "message_angle": "security"},
        themes=("bug", "integration", "configuration"),
    ),
    Archetype(
        name="new_onboarding",
        share=0.14,
        firmographic_mix={"SMB": 0.45, "Mid-Market": 0.35, "Enterprise": 0.2},
        p_active=0.35,
        events_per_active_day=1.6,
        breadth=0.3,
        users_per_seat=0.4,
        tickets_per_month=0.5,
        high_severity_share=0.1,
        csat_mean=4.0,
        sentiment_mean=0.15,
        discount_share=0.08,
        refund_rate=0.0,
        expansion_rate=0.0,
        contraction_rate=0.0,
        churn_hazard=0.02,
        addon_rate=0.0,
        usage_growth=1.0,
        best_tactic={"channel": "in_app", "offer": "trial_extension", "message_angle": "productivity"},
        themes=("setup", "getting_started", "import"),
    ),
)

ARCHETYPE_NAMES = tuple(a.name for a in ARCHETYPES)

# Feedback and ticket sentences per theme. Each text is one to three of these.
THEME_SENTENCES: dict[str, tuple[str, ...]] = {
    "api": (
        "We hit the API rate limit every night when our sync jobs run.",
        "The API is the reason we chose you; please raise the rate limits.",
        "Our engineers script everything through the API and want webhooks for more objects.",
    ),
    "automation": (
        "Automation rules save my team hours every week.",
        "We would love nested conditions in the automation builder.",
        "Scheduled workflows are the feature we use most.",
    ),
    "export": (
        "Bulk export to our data warehouse is too slow for our volume.",
        "We need a full export of history, not just the last 90 days.",
    ),
    "price": (
        "The price went up again and it is hard to justify to finance.",
        "Honestly the product is fine but too expensive for a team our size.",
        "We only renewed because of the discount.",
    ),
    "discount": (
        "Is there a discount for annual billing or for nonprofits?",
        "We were promised a discount at renewal and it was not applied.",
    ),
    "alternative": (
        "A cheaper alternative does most of what we need.",
        "We are comparing plans with a competitor that costs half as much.",
    ),
    "reporting": (
        "We mostly log in once a month to pull the usage report.",
        "It does the reporting we need and nothing more.",
    ),
    "simple": (
        "Simple to use, we have not needed support.",
        "It just works for our small use case.",
    ),
    "enough": (
        "Good enough for what we do, no complaints.",
        "We do not need the advanced features.",
    ),
    "slow": (
        "The dashboard has become really slow to load.",
        "Pages time out when we open large projects.",
        "Performance got worse after the last release.",
    ),
    "hard_to_use": (
        "The new interface is confusing and my team stopped using it.",
        "It is hard to find anything since the redesign.",
    ),
    "switching": (
        "We are evaluating other tools before our renewal.",
        "Leadership asked us to consider switching vendors.",
    ),
    "seats": (
        "We are adding another team next quarter and need more seats.",
        "Seat management for a growing team is clunky.",
    ),
    "sso": (
        "We need SSO and role-based permissions as we roll out to more departments.",
        "Security review requires SAML single sign-on.",
    ),
    "onboarding_team": (
        "Onboarding new colleagues is quick thanks to the templates.",
        "Please add an admin view to onboard whole teams at once.",
    ),
    "bug": (
        "The same sync bug came back for the third time.",
        "Reports show wrong totals after the import, please fix.",
        "We keep running into errors when saving records.",
    ),
    "integration": (
        "The Salesforce integration breaks every few days.",
        "Our Slack integration stopped posting notifications.",
    ),
    "configuration": (
        "We need help configuring permissions for a new workspace.",
        "Could someone walk us through the field mapping setup?",
    ),
    "setup": (
        "Setup took longer than expected but support was helpful.",
        "We are still setting up our first workspace.",
    ),
    "getting_started": (
        "The getting started checklist is useful.",
        "A video on the first steps would help new users.",
    ),
    "import": (
        "Importing our old data from spreadsheets was painful.",
        "The CSV importer rejected half of our file without saying why.",
    ),
}
