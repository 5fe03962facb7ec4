"""An activity analysis JSON with small groups, for the tests of what non-analysts see."""


def analysis():
    """An analysis JSON with the numerators and denominators behind every rate."""
    return {
        "as_of": "2024-03-31",
        "referrals": {
            "total": 60,
            "rejected": 0,
            "people": 58,
            "by_source": [{"source": "GP", "count": 57}, {"source": "School", "count": 3}],
        },
        "contacts": {
            "total": 100,
            "attended": 90,
            "dna": 10,
            "dna_rate": 0.1,
            "dna_rate_numerator": 10,
            "dna_rate_denominator": 100,
        },
        "waits": {
            "first_contact": {
                "n": 40,
                "mean": 30.0,
                "median": 25.0,
                "p90": 60.0,
                "within_28_days_pct": 55.0,
                "within_28_days_pct_numerator": 22,
                "within_28_days_pct_denominator": 40,
            },
            "still_waiting": 20,
            "still_waiting_bands": [
                {"band": "0-4 weeks", "count": 1},
                {"band": "4-12 weeks", "count": 9},
                {"band": "12-18 weeks", "count": 10},
                {"band": "18-52 weeks", "count": 0},
                {"band": "52+ weeks", "count": 0},
            ],
        },
        "monthly": [
            {
                "month": "2024-01",
                "referrals": 30,
                "attended_contacts": 40,
                "open_referrals": 30,
                "waiting_list": 10,
            },
            {
                "month": "2024-02",
                "referrals": 0,
                "attended_contacts": 0,
                "open_referrals": 30,
                "waiting_list": 10,
            },
            {
                "month": "2024-03",
                "referrals": 30,
                "attended_contacts": 50,
                "open_referrals": 60,
                "waiting_list": 20,
            },
        ],  # fmt: skip
        "contacts_per_referral": {
            "closed_referrals": 20,
            "distribution": [{"contacts": "1", "count": 12}, {"contacts": "2", "count": 8}],
            "mean": 1.4,
            "median": 1.0,
        },
        "teams": [
            {
                "team": "Core CAMHS",
                "referrals": 57,
                "attended_contacts": 80,
                "dna_rate": 0.1111,
                "dna_rate_numerator": 10,
                "dna_rate_denominator": 90,
                "median_first_contact_wait": 24.0,
                "first_contact_waits_n": 36,
                "waiting_list_now": 17,
                "waiting_list_six_months_earlier": 10,
            },
            {
                "team": "Crisis",
                "referrals": 3,
                "attended_contacts": 10,
                "dna_rate": 0.0,
                "dna_rate_numerator": 0,
                "dna_rate_denominator": 10,
                "median_first_contact_wait": 3.0,
                "first_contact_waits_n": 3,
                "waiting_list_now": 3,
                "waiting_list_six_months_earlier": 2,
            },
        ],
        "grouping_mix": [
            {
                "grouping": "Getting Help",
                "referrals": 55,
                "referrals_pct": 91.7,
                "referrals_pct_numerator": 55,
                "referrals_pct_denominator": 60,
                "attended_contacts": 80,
                "attended_contacts_pct": 88.9,
                "attended_contacts_pct_numerator": 80,
                "attended_contacts_pct_denominator": 90,
                "mean_attended_contacts": 1.5,
                "reference": {"referrals_pct": 60},
            },
            {
                "grouping": "Getting Risk Support",
                "referrals": 5,
                "referrals_pct": 8.3,
                "referrals_pct_numerator": 5,
                "referrals_pct_denominator": 60,
                "attended_contacts": 10,
                "attended_contacts_pct": 11.1,
                "attended_contacts_pct_numerator": 10,
                "attended_contacts_pct_denominator": 90,
                "mean_attended_contacts": 4.0,
                "reference": {"referrals_pct": [5, 10]},
            },
        ],  # fmt: skip
        "team_flows": [],
        "evidence": {
            "grouping_recorded_pct": 91.7,
            "grouping_recorded_pct_numerator": 55,
            "grouping_recorded_pct_denominator": 60,
        },
        "bottlenecks": [
            {
                "team": "Crisis",
                "reason": "waiting_list_growth",
                "then": 2,
                "now": 7,
                "value": 250.0,
                "detail": "Waiting list grew from 2 to 7 in six months (+250.0%).",
            },
            {
                "team": "Core CAMHS",
                "reason": "waiting_list_growth",
                "then": 12,
                "now": 43,
                "value": 258.3,
                "detail": "Waiting list grew from 12 to 43 in six months (+258.3%).",
            },
            {
                "team": "Core CAMHS",
                "reason": "capacity_appointments",
                "used": 96,
                "available": 100,
                "months": 3,
                "value": 96.0,
                "detail": "Attended contacts used 96.0% of the recorded appointments over 3 month(s) "
                "(limit 85%).",
            },
        ],  # fmt: skip
        "validation": {
            "referrals_read": 60,
            "referrals_kept": 60,
            "contacts_read": 100,
            "contacts_kept": 100,
            "rejected": [],
        },
    }


NEW_FIELDS = ("first_contact_waits_n", "then", "now", "used", "available", "months")
NEW_BLOCKS = ("still_waiting_bands", "people", "options")


def older(value):
    """The analysis as stored before the counts behind rates and sentences were added."""
    if isinstance(value, dict):
        return {
            key: older(item)
            for key, item in value.items()
            if not key.endswith(("_numerator", "_denominator"))
            and key not in NEW_FIELDS
            and key not in NEW_BLOCKS
        }
    if isinstance(value, list):
        return [older(item) for item in value]
    return value
