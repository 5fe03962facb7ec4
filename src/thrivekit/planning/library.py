"""Built-in best-practice examples and models of care, in thrivekit's own words, tagged by
THRIVE principle id and needs-based grouping id. A site copies them and can add its own."""

ENTRIES = (
    {
        "id": "single-front-door",
        "title": "One multi-agency front door",
        "summary": "Health, social care, education and voluntary sector staff look at new "
        "requests together, once, and agree the help that fits the need, instead of each "
        "service accepting or rejecting referrals on its own criteria.",
        "principles": ["partnership-working", "accessibility", "needs-led"],
        "groupings": ["getting-advice", "getting-help"],
    },
    {
        "id": "school-based-support",
        "title": "Mental health support in schools and colleges",
        "summary": "Trained practitioners based in schools offer early help for mild to "
        "moderate difficulties and advise staff, so young people get help where they already "
        "are, without a referral to a specialist service.",
        "principles": ["accessibility", "proactive-prevention-and-promotion"],
        "groupings": ["thriving", "getting-advice", "getting-help"],
    },
    {
        "id": "drop-in-advice",
        "title": "Open-access drop-in advice",
        "summary": "Young people and parents can walk in or message without an appointment "
        "and get advice, reassurance or signposting from an experienced practitioner, often in "
        "a youth or community setting.",
        "principles": ["accessibility", "reducing-stigma"],
        "groupings": ["getting-advice"],
    },
    {
        "id": "goals-and-feedback",
        "title": "Agreed goals and session-by-session feedback",
        "summary": "Each young person agrees with their practitioner what they want to change, "
        "and both review progress and the relationship regularly, using short measures, so "
        "help can be adjusted or ended on purpose.",
        "principles": ["outcome-informed", "shared-decision-making"],
        "groupings": ["getting-help", "getting-more-help"],
    },
    {
        "id": "shared-decisions",
        "title": "Shared decision making in every first conversation",
        "summary": "Options are explained in plain language, including the option of not "
        "starting help now, and the young person's and family's preferences shape the choice.",
        "principles": ["shared-decision-making", "needs-led"],
        "groupings": ["getting-advice", "getting-help", "getting-more-help"],
    },
    {
        "id": "risk-support-panel",
        "title": "A multi-agency risk support panel",
        "summary": "Agencies meet regularly to agree a joint plan for young people who are not "
        "benefiting from help but remain at risk, with one safety plan every agency can read.",
        "principles": ["partnership-working", "common-language"],
        "groupings": ["getting-risk-support"],
    },
    {
        "id": "common-language-training",
        "title": "Cross-agency training in a common language",
        "summary": "Staff from every sector learn the needs-based groupings together, so that "
        "schools, GPs, social care and services describe needs and help in the same words.",
        "principles": ["common-language", "partnership-working"],
        "groupings": [
            "thriving",
            "getting-advice",
            "getting-help",
            "getting-more-help",
            "getting-risk-support",
        ],
    },  # fmt: skip
    {
        "id": "community-wellbeing",
        "title": "Community wellbeing and anti-stigma campaigns",
        "summary": "Campaigns designed with young people promote wellbeing and make it easier "
        "to talk about mental health, aimed first at groups known to be at higher risk.",
        "principles": ["proactive-prevention-and-promotion", "reducing-stigma"],
        "groupings": ["thriving"],
    },
)
