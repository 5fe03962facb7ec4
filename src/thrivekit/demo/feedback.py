"""The demo feedback for Northbridge: about 150 answers from three groups, reviewed and themed.

Written for the demo, in plain words: no real person's answers. Seeding twice adds nothing the
second time.
"""

from thrivekit.qualitative import services
from thrivekit.qualitative.models import Group, Source
from thrivekit.sites.models import LocalArea, Role

SURVEY_NAME = "Demo: what could be better? (spring survey)"
AREAS = ["Northbridge Central", "Riverside", "Eastmoor"]

# (group, topic) -> what people in that group said about it
SAID = {
    Group.YOUNG_PERSON: {
        "waiting": [
            "I waited nearly a year to see someone and things got worse while I waited",
            "The waiting list for CAMHS is too long, nobody told me how long it would be",
            "Waiting months for a first appointment made me feel like I did not matter",
            "I was on the waiting list so long I stopped thinking help would come",
        ],
        "school": [
            "The school counsellor was the only person I could talk to each week",
            "Teachers should know more about anxiety so school feels less scary",
            "Having a quiet room at school when I get overwhelmed really helps",
            "The mental health team in school helped me more than the clinic did",
        ],
        "listened": [
            "I want to be listened to and asked what I want, not told what happens next",
            "Nobody asked me what help I wanted, they only talked to my mum",
            "When the worker actually listened to me I felt like things could change",
        ],
        "online": [
            "I found the online chat easier than talking on the phone",
            "An app or website with advice would help when I cannot sleep at night",
            "Texting a worker is easier for me than a phone call",
        ],
    },
    Group.PARENT_CARER: {
        "waiting": [
            "We waited eleven months after the referral and heard nothing at all",
            "The wait for an assessment was so long we paid to go private",
            "Nobody told us where we were on the waiting list or who to call meanwhile",
        ],
        "listened": [
            "As a parent I felt shut out of my child's care and not listened to",
            "We had to tell our story again to every new person we saw",
            "Being listened to as a carer made a real difference to how we coped",
        ],
        "crisis": [
            "In a crisis at night there was nowhere to go except A&E",
            "Out of hours support for families was impossible to find",
            "The crisis line was engaged when we needed it most at the weekend",
        ],
        "school": [
            "The school and the clinic did not talk to each other about our son",
            "School picked up the problem early but could not get anyone to help",
        ],
    },
    Group.STAFF: {
        "waiting": [
            "Our waiting list keeps growing because referrals rise faster than our capacity",
            "Families ring us weekly asking about the wait and we have no answer",
        ],
        "partnership": [
            "Schools, early help and CAMHS need one shared referral route",
            "Joint meetings between the school team and the clinic work well when they happen",
            "We could share information across agencies better so families tell their story once",
        ],
        "training": [
            "Staff in schools want more training on self-esteem and anxiety",
            "More training in shared decision making would help our whole team",
            "Supervision and training time gets cut first when we are busy",
        ],
        "crisis": [
            "There is no out of hours service for young people apart from A&E",
            "Crisis cases take up time we planned for routine appointments",
        ],
    },
}
PER_GROUP = {Group.YOUNG_PERSON: 60, Group.PARENT_CARER: 50, Group.STAFF: 40}
ENDINGS = ["", " That is my main point.", " Please change this.", " It matters a lot to us."]
# (words in a suggested theme's keywords, our name, THRIVE principle ids)
NAMES = [
    (("wait", "waiting", "list"), "Long waits and no word while waiting", ["needs-led"]),
    (("listen", "listened", "asked"), "Being listened to", ["shared-decision-making"]),
    (("crisis",), "Nowhere to turn in a crisis", ["needs-led"]),
    (("school",), "Help in and through schools", ["partnership-working"]),
    (("training",), "Training for staff", ["common-language"]),
]


def _answers():
    for group, count in PER_GROUP.items():
        lines = [text for texts in SAID[group].values() for text in texts]
        for i in range(count):
            text = lines[i % len(lines)] + ENDINGS[(i // len(lines)) % len(ENDINGS)]
            yield group, AREAS[i % len(AREAS)], f"{group[:1].upper()}{i + 1:03d}", text


def seed_feedback(site, *, people) -> None:
    """~150 reviewed answers across three groups and areas, suggested themes, four approved."""
    if Source.objects.for_site(site).filter(name=SURVEY_NAME).exists():
        return
    analyst = people.get(Role.ANALYST)
    lead = people.get(Role.SITE_LEAD)
    areas = set(LocalArea.objects.for_site(site).values_list("name", flat=True))
    source = Source.objects.create(
        site=site,
        kind=Source.Kind.SURVEY,
        name=SURVEY_NAME,
        platform="microsoft-forms",
        added_by=analyst,
    )
    for group, area, respondent, text in _answers():
        response = services.response_add(
            site=site,
            source=source,
            respondent=respondent,
            question="What could be better?",
            text=text,
            group=group,
            area=area if area in areas else "",
        )
        services.response_review(response=response, user=analyst)
    services.feedback_settings_update(
        site=site,
        safeguarding_contact="Northbridge Children's Safeguarding Team, 01632 960123 "
        "(demo number), safeguarding@northbridge.example.org",
    )
    for flag in services.open_flags(site):
        services.flag_acknowledge(flag=flag, user=lead, action="Demo: checked, no one at risk.")
    suggested = services.themes_suggest_for_site(site=site)
    approved, used = 0, set()
    for words, label, principles in NAMES:
        # The largest unused suggestion whose leading words are about this topic.
        matching = [
            t for t in suggested if t.pk not in used and any(w in t.keywords[:3] for w in words)
        ]
        if approved == 4 or not matching:
            continue
        theme = max(matching, key=lambda t: t.responses.count())
        services.theme_update(theme=theme, label=label, principles=principles)
        services.theme_approve(theme=theme, user=lead)
        used.add(theme.pk)
        approved += 1
    if approved == 0 and suggested:  # the words differ from what we expect: approve the largest
        services.theme_approve(theme=suggested[0], user=lead)
