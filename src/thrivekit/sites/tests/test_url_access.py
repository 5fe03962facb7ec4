"""Every URL, for every kind of visitor, against a declared expectation table.

A URL added without an entry here makes this suite fail, so nobody can add a page without
deciding who may see it. Another site's pages are a 404, never a 403.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thrivekit.sites.models import Role
from thrivekit.sites.tests.factories import InvitationFactory, MembershipFactory, UserFactory

VISITORS = (
    "anonymous",
    "site_lead",
    "facilitator",
    "analyst",
    "contributor",
    "viewer",
    "other_site_member",
    "platform_admin",
)

LOGIN = "login"  # a redirect to the sign-in page
REDIRECT = "redirect"  # a redirect somewhere other than the sign-in page
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
NOT_ALLOWED = 405  # POST-only actions answer a GET with 405 once access is granted


def everyone(status):
    return dict.fromkeys(VISITORS, status)


def site_page(*, lead=OK, facilitator=OK, analyst=OK, contributor=OK, viewer=OK):
    return {
        "anonymous": LOGIN,
        "site_lead": lead,
        "facilitator": facilitator,
        "analyst": analyst,
        "contributor": contributor,
        "viewer": viewer,
        # Not a member: the site does not exist for them, even for a platform administrator.
        "other_site_member": NOT_FOUND,
        "platform_admin": NOT_FOUND,
    }


def leads_only(lead=OK):
    return site_page(
        lead=lead,
        facilitator=FORBIDDEN,
        analyst=FORBIDDEN,
        contributor=FORBIDDEN,
        viewer=FORBIDDEN,
    )


def runners_only(status=OK):
    """Site leads and facilitators run workshops."""
    return site_page(
        lead=status, facilitator=status, analyst=FORBIDDEN, contributor=FORBIDDEN, viewer=FORBIDDEN
    )


def modellers_only(status=OK):
    """Site leads, analysts and contributors build scenarios."""
    return site_page(
        lead=status, analyst=status, contributor=status, facilitator=FORBIDDEN, viewer=FORBIDDEN
    )


def editors_only(status=OK):
    """Everyone but viewers edits the site's maps, registers and worksheets."""
    return site_page(
        lead=status, facilitator=status, analyst=status, contributor=status, viewer=FORBIDDEN
    )


def importers_only(status=OK, *, lead=None):
    """Site leads and analysts import, theme and read safeguarding flags."""
    return site_page(
        lead=status if lead is None else lead,
        analyst=status,
        facilitator=FORBIDDEN,
        contributor=FORBIDDEN,
        viewer=FORBIDDEN,
    )


def analysts_only(status=OK):
    """Only an analyst sees a response's original words before review."""
    return site_page(
        lead=FORBIDDEN,
        analyst=status,
        facilitator=FORBIDDEN,
        contributor=FORBIDDEN,
        viewer=FORBIDDEN,
    )


SIGNED_IN = {**everyone(OK), "anonymous": LOGIN}
PLATFORM = {
    **everyone(FORBIDDEN),
    "anonymous": LOGIN,
    "platform_admin": OK,
}

# URL name -> expected GET status per visitor.
EXPECTATIONS = {
    "start": {**everyone(REDIRECT), "anonymous": OK},
    "health": everyone(OK),
    "accessibility": everyone(OK),
    "accounts:login": {**everyone(REDIRECT), "anonymous": OK},
    "accounts:logout": everyone(NOT_ALLOWED),
    "accounts:two_factor_setup": SIGNED_IN,
    "accounts:two_factor_verify": SIGNED_IN,
    "accounts:invitation_accept": everyone(OK),
    "platform:home": PLATFORM,
    "platform:site_new": PLATFORM,
    # Someone with one site goes straight to it.
    "sites:choose": {**everyone(REDIRECT), "anonymous": LOGIN, "platform_admin": OK},
    "sites:members": leads_only(),
    "sites:member_invite": leads_only(),
    "sites:member_role": leads_only(),
    "sites:member_remove": leads_only(),
    "sites:invitation_cancel": leads_only(NOT_ALLOWED),
    "sites:settings": leads_only(),
    "sites:local_area_remove": leads_only(NOT_ALLOWED),
    "sites:audit": leads_only(),
    "phase1:home": site_page(),
    "phase1:step": site_page(),
    "instrument_library:list": site_page(),
    "instrument_library:detail": site_page(),
    "instrument_library:upload": leads_only(),
    "instrument_library:revert": leads_only(NOT_ALLOWED),
    "workshops:list": site_page(),
    "workshops:new": runners_only(),
    "workshops:edit": runners_only(),
    "workshops:detail": site_page(),
    "workshops:status": runners_only(NOT_ALLOWED),
    "workshops:projector": runners_only(),
    "workshops:projector_live": runners_only(),
    "workshops:results": site_page(),
    "workshops:comments": runners_only(),
    "workshops:paper": runners_only(),
    "workshops:export": site_page(contributor=FORBIDDEN, viewer=FORBIDDEN),
    "priorities:list": site_page(),
    "priorities:new": runners_only(),
    "priorities:detail": site_page(),
    "priorities:aims": runners_only(NOT_ALLOWED),
    "priorities:status": runners_only(NOT_ALLOWED),
    "priorities:room": runners_only(),
    "priorities:table_entry": runners_only(),
    "priorities:confirm": runners_only(),
    "priorities:worksheet": site_page(),
    "priorities:worksheet_version": site_page(),
    "priorities:export": site_page(),
    "extracts:list": site_page(),
    "extracts:upload": site_page(facilitator=FORBIDDEN, contributor=FORBIDDEN, viewer=FORBIDDEN),
    "extracts:detail": site_page(),
    "extracts:delete": site_page(
        lead=NOT_ALLOWED,
        analyst=NOT_ALLOWED,
        facilitator=FORBIDDEN,
        contributor=FORBIDDEN,
        viewer=FORBIDDEN,
    ),
    "tasks:status": site_page(),
    "engagement:overview": site_page(),
    "engagement:register": site_page(),
    "engagement:stakeholder_add": site_page(analyst=FORBIDDEN, viewer=FORBIDDEN),
    "engagement:stakeholder_edit": site_page(analyst=FORBIDDEN, viewer=FORBIDDEN),
    "engagement:stakeholder_remove": site_page(analyst=FORBIDDEN, viewer=FORBIDDEN),
    "engagement:import": site_page(analyst=FORBIDDEN, viewer=FORBIDDEN),
    "engagement:export": site_page(),
    "engagement:export_for_site": leads_only(),
    "engagement:export_to_share": site_page(),
    "engagement:log": site_page(),
    "engagement:log_add": site_page(analyst=FORBIDDEN, viewer=FORBIDDEN),
    "maps:overview": site_page(),
    "maps:service_new": editors_only(),
    "maps:service_edit": editors_only(),
    "maps:entry_point_new": editors_only(),
    "maps:node_remove": editors_only(NOT_ALLOWED),
    "maps:route_new": editors_only(),
    "maps:route_remove": editors_only(NOT_ALLOWED),
    "maps:positions": editors_only(NOT_ALLOWED),
    "maps:positions_reset": editors_only(NOT_ALLOWED),
    "maps:import": editors_only(),
    "maps:analysis": site_page(),
    "maps:export": site_page(),
    "maps:finding_send": editors_only(NOT_ALLOWED),
    "maps:teams": site_page(),
    "maps:workforce": site_page(),
    "maps:workforce_export": site_page(),
    "maps:workshop": site_page(),
    "maps:workshop_step": site_page(),
    "qualitative:home": site_page(),
    "qualitative:upload": importers_only(),
    # A survey file waiting for its column mapping is its uploader's (here the analyst's).
    "qualitative:mapping": importers_only(lead=NOT_FOUND),
    "qualitative:notes_add": editors_only(),
    "qualitative:response": site_page(),
    "qualitative:review": analysts_only(NOT_ALLOWED),
    "qualitative:coding_remove": site_page(
        lead=NOT_ALLOWED,
        analyst=NOT_ALLOWED,
        contributor=NOT_ALLOWED,
        facilitator=FORBIDDEN,
        viewer=FORBIDDEN,
    ),
    # Safeguarding flags are for the site lead and analysts only.
    "qualitative:flags": importers_only(),
    "qualitative:flag_acknowledge": leads_only(NOT_ALLOWED),
    "qualitative:settings": leads_only(),
    "qualitative:codebook": site_page(),
    "qualitative:code": site_page(),
    "qualitative:codebook_export": site_page(),
    "qualitative:codebook_import": site_page(facilitator=FORBIDDEN, viewer=FORBIDDEN),
    "qualitative:qdpx_export": importers_only(),
    "qualitative:qdpx_import": analysts_only(),
    "qualitative:themes": site_page(),
    "qualitative:themes_suggest": importers_only(NOT_ALLOWED),
    "qualitative:themes_merge": importers_only(NOT_ALLOWED),
    "qualitative:theme": site_page(),
    "qualitative:theme_approve": importers_only(NOT_ALLOWED),
    "qualitative:theme_remove": importers_only(NOT_ALLOWED),
    "qualitative:lens": site_page(),
    "qualitative:survey_new": importers_only(),
    "qualitative:survey": site_page(),
    "qualitative:survey_status": importers_only(NOT_ALLOWED),
    "qualitative:survey_poster": site_page(),
    "planning:home": site_page(),
    "planning:plan": site_page(),
    "planning:gantt": site_page(),
    "planning:action_add": editors_only(),
    "planning:from_gap_analysis": editors_only(),
    "planning:export": site_page(),
    "planning:action": site_page(),
    "planning:action_edit": editors_only(),
    "planning:action_rag": editors_only(NOT_ALLOWED),
    "planning:action_remove": editors_only(),
    "planning:owners": site_page(),
    "planning:owner_link_issue": leads_only(NOT_ALLOWED),
    # An action owner's read-only link needs no account: its signed key is the key.
    "planning:owner_link": everyone(OK),
    "planning:outcomes": site_page(),
    "planning:outcome_add": editors_only(),
    "planning:indicator_add": editors_only(),
    "planning:indicator": site_page(),
    "planning:indicator_edit": editors_only(),
    "planning:indicator_rebase": editors_only(NOT_ALLOWED),
    "planning:offers": site_page(),
    "planning:offer_edit": editors_only(),
    "planning:share_edit": editors_only(),
    "planning:library": site_page(),
    "planning:library_add": editors_only(),
    "planning:agreement": site_page(),
    "planning:signoff_add": leads_only(),
    "planning:future_map": site_page(),
    "planning:future_change_add": editors_only(),
    "planning:future_change_remove": editors_only(NOT_ALLOWED),
    "planning:redesign_workshops": site_page(),
    "planning:redesign_workshop_new": runners_only(),
    "planning:redesign_workshop": runners_only(),
    "planning:redesign_status": runners_only(NOT_ALLOWED),
    "planning:redesign_merge": runners_only(),
    "planning:redesign_next_steps": runners_only(),
    "reports:home": site_page(),
    "reports:compare": site_page(),
    "reports:version": site_page(),
    "reports:preview": site_page(),
    "reports:download": site_page(),
    "reports:submit": leads_only(NOT_ALLOWED),
    "reports:approve": leads_only(NOT_ALLOWED),
    # The version's author is another site lead: this one may return it.
    "reports:return": leads_only(),
    "scenarios:list": site_page(),
    "scenarios:new": modellers_only(),
    "scenarios:compare": site_page(),
    "scenarios:detail": site_page(),
    "scenarios:variant": modellers_only(NOT_ALLOWED),
    "scenarios:simulate": modellers_only(NOT_ALLOWED),
    "scenarios:delete": modellers_only(NOT_ALLOWED),
    # A table's device needs no account: the table's code is its key.
    "ranking:table": everyone(OK),
    "ranking:draft": everyone(OK),
    # A redesign table's device needs no account either: its code is the key.
    "redesign:table": everyone(OK),
    "redesign:draft": everyone(OK),
    # Participants need no account; a workshop that is not open does not exist for them.
    "participate:enter": everyone(OK),
    "participate:join": everyone(OK),
    "participate:progress": everyone(REDIRECT),
    "participate:question": everyone(REDIRECT),
    "participate:results": everyone(REDIRECT),
    "participate:break": everyone(REDIRECT),
    # Anyone answers an open short survey with its code: no account, no site to be a member of.
    "say:survey": everyone(OK),
    "say:thanks": everyone(OK),
}

IGNORED_NAMESPACES = {"admin"}  # Django's own admin checks staff status itself


def all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in IGNORED_NAMESPACES:
                continue
            yield from all_url_names(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"Every URL needs a name: {pattern.pattern}"
            yield prefix + pattern.name


def test_every_url_has_an_access_expectation():
    names = set(all_url_names())
    missing = names - EXPECTATIONS.keys()
    assert not missing, f"Declare who may see these URLs in EXPECTATIONS: {sorted(missing)}"
    stale = EXPECTATIONS.keys() - names
    assert not stale, f"These URLs no longer exist: {sorted(stale)}"


@pytest.fixture
def world(site, other_site):
    """The site with a member in every role, plus an outsider and a platform administrator."""
    people = {role.value: MembershipFactory(site=site, role=role).user for role in Role}
    people["other_site_member"] = MembershipFactory(site=other_site, role=Role.SITE_LEAD).user
    people["platform_admin"] = UserFactory(is_superuser=True, is_staff=True)
    target = MembershipFactory(site=site, role=Role.VIEWER)
    token = "an-invitation-token"
    from thrivekit.sites.models import token_digest

    invitation = InvitationFactory(site=site, token_digest=token_digest(token))
    from thrivekit.workshops.services import workshop_create, workshop_open

    workshop = workshop_create(
        site=site,
        title="Baseline",
        includes_assessment=True,
        includes_checklist=True,
        principles=[],
        levels=[],
        table_names=["Table 1"],
    )
    workshop_open(workshop=workshop)
    from thrivekit.priorities import services as priority_services
    from thrivekit.priorities.tests.helpers import ITEMS

    session = priority_services.session_open(
        session=priority_services.session_create(
            site=site,
            title="Priorities",
            allow_checklist_actions=False,
            table_names=["Red", "Blue"],
            aims=["Access"],
        )
    )
    table = session.tables.first()
    priority_services.table_ranking_save(table=table, items=ITEMS[:5])
    priority = priority_services.priorities_confirm(
        session=session, items=ITEMS[:5], reason="", confirmed_by=None
    )[0]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thrivekit.extracts.services import extract_upload
    from thrivekit.extracts.tests.test_extracts import CONTACTS, REFERRALS

    extract = extract_upload(
        site=site,
        name="Extract",
        files={
            "referrals": SimpleUploadedFile("r.csv", REFERRALS.encode()),
            "contacts": SimpleUploadedFile("c.csv", CONTACTS.encode()),
        },
        as_of=None,
        uploaded_by=None,
    )
    from thrivekit.scenarios.services import scenario_create
    from thrivekit.scenarios.tests.test_scenarios import SMALL

    scenario = scenario_create(site=site, name="Today", definition=SMALL)
    from thrivekit.demo.pathways import demo_map
    from thrivekit.maps.services import map_save

    map_save(site=site, pathway_map=demo_map(), base_version=0)
    from thrivekit.engagement.services import stakeholder_add

    stakeholder = stakeholder_add(site=site, name="Ann Lee", sector="police")
    feedback = _feedback_world(site, analyst=people["analyst"])
    planning = _planning_world(site)
    reports = _reports_world(site)
    kwargs = {
        "stakeholder_id": stakeholder.id,
        "service_id": "early-help",  # serves two groupings: its WTE can be split
        "node_id": "gp",
        "index": 0,
        "scenario_id": scenario.id,
        "extract_id": extract.id,
        "task_id": extract.task_id,
        "session_id": session.id,
        "table_id": table.id,
        "priority_id": priority.id,
        "workshop_id": workshop.id,
        "code": workshop.join_code,
        "table_code": table.code,
        "number": 1,
        "version": 1,  # a confirmed worksheet's first version
        "file_format": "xlsx",  # also a map export format
        "site_slug": site.slug,
        "membership_id": target.id,
        "invitation_id": invitation.id,
        "area_id": site_area_id(site),
        "token": token,
        "step": "engagement",
        "kind": "assessment",
        **feedback,
        **planning,
        **reports,
    }
    return people, kwargs


def _feedback_world(site, *, analyst):
    from thrivekit.qualitative import services
    from thrivekit.qualitative.models import Flag, Theme
    from thrivekit.qualitative.tests.helpers import reviewed

    response = reviewed(site, "The wait was long and I want to hurt myself")
    code = services.code_add(site=site, name="Waiting")
    coding = services.coding_add(response=response, code=code, start=0, end=8)
    # Approved before the flag was raised, so everyone may read it.
    theme = Theme.objects.create(site=site, label="Waiting", status=Theme.Status.APPROVED)
    upload = services.upload_hold(
        site=site, file_name="survey.csv", data=b"id,comment\n1,Too long\n", uploaded_by=analyst
    )
    survey = services.survey_create(
        site=site,
        title="Tell us about help at school",
        intro="",
        questions=["What helped you most?"],
        group="young_person",
        ask_area=False,
        is_open=True,
        user=None,
    )
    return {
        "response_id": response.id,
        "code_id": code.id,
        "coding_id": coding.id,
        "theme_id": theme.id,
        "flag_id": Flag.objects.for_site(site).first().id,
        "upload_id": upload.id,
        "survey_id": survey.id,
        "survey_code": survey.code,
    }


def _planning_world(site):
    from thrivekit.planning import services

    action = services.action_create(
        site=site,
        title="One front door",
        grouping="getting-help",
        owner_name="Sam Patel",
        owner_organisation="Northbridge CAMHS",
    )
    outcome = services.outcome_create(site=site, title="Quicker help")
    indicator = services.indicator_add(outcome=outcome, name="Seen within 4 weeks", baseline=40)
    redesign = services.redesign_workshop_create(
        site=site, title="Redesign", groupings=["getting-help"], table_names=["Green"]
    )
    return {
        "redesign_id": redesign.id,
        "redesign_code": redesign.tables.first().code,
        "action_id": action.id,
        "owner_id": action.owner.id,
        "owner_token": services.owner_link_issue(owner=action.owner),
        "outcome_id": outcome.id,
        "indicator_id": indicator.id,
        "grouping": "getting-help",
    }


def _reports_world(site):
    from thrivekit.reports.services import report_draft_create

    author = MembershipFactory(site=site, role=Role.SITE_LEAD).user
    version = report_draft_create(site=site, author=author, sections=["summary", "engagement"])
    return {"version_id": version.id}


def site_area_id(site):
    from thrivekit.sites.models import LocalArea

    return LocalArea.objects.for_site(site).first().id


def url_for(name, kwargs):
    from django.urls import NoReverseMatch

    if name.startswith("ranking:"):  # a table's code, not a workshop's
        kwargs = {**kwargs, "code": kwargs["table_code"]}
    if name == "planning:owner_link":  # an owner's signed key, not an invitation's
        kwargs = {**kwargs, "token": kwargs["owner_token"]}
    if name == "maps:workshop_step":  # a mapping workshop's step, not a Phase 1 step
        kwargs = {**kwargs, "step": "shape"}
    for size in range(len(kwargs) + 1):
        for keys in _subsets(list(kwargs), size):
            try:
                return reverse(name, kwargs={k: kwargs[k] for k in keys})
            except NoReverseMatch:
                continue
    raise AssertionError(f"Cannot build a URL for {name}")


def _subsets(items, size):
    from itertools import combinations

    return combinations(items, size)


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_each_visitor_gets_the_declared_response_from_every_url(
    visitor, world, client, signed_in, settings
):
    settings.THRIVEKIT_REQUIRE_2FA = True
    people, kwargs = world
    if visitor != "anonymous":
        signed_in(people[visitor])
    failures = []
    for name, expected_by_visitor in EXPECTATIONS.items():
        url = url_for(name, kwargs)
        response = client.get(url)
        expected = expected_by_visitor[visitor]
        to_login = response.status_code == 302 and reverse("accounts:login") in response.url
        if expected == LOGIN:
            ok = to_login
        elif expected == REDIRECT:
            ok = response.status_code == 302 and not to_login
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{name} {url}: expected {expected}, got {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_another_sites_member_cannot_reach_a_member_by_id_through_their_own_site(
    world, client, signed_in, other_site
):
    # Given a lead of another site who knows a membership id at Northbridge
    people, kwargs = world
    signed_in(people["other_site_member"])
    # When they use it under their own site's address
    url = reverse(
        "sites:member_role",
        kwargs={"site_slug": other_site.slug, "membership_id": kwargs["membership_id"]},
    )
    # Then it does not exist for them
    assert client.get(url).status_code == 404


def test_no_view_reaches_models_directly():
    """Views reach tenant data only through the current site's selectors and services."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for views in root.glob("*/views.py"):
        for number, line in enumerate(views.read_text().splitlines(), 1):
            if re.search(r"\b[A-Z]\w*\.objects\b|get_object_or_404", line):
                offenders.append(f"{views.relative_to(root)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# --- The participants' and the tables' pages -------------------------------------------------
#
# They need no account: a workshop's code (and the phone's cookie) or a table's code is the key.
# An account gives nothing here, another workshop's cookie gives nothing here, and an object of
# another site or another prioritising workshop reached through this code is a 404.

PHONES = (
    "anonymous",
    "participant",  # joined this workshop on this phone
    "other_workshop_participant",  # joined another site's workshop on this phone
    "other_site_member",
    "viewer",
    "facilitator",
    "site_lead",
)
NOT_IN_IT = REDIRECT  # someone who has not joined goes to the join page


def phones(status, **by_visitor):
    return {**dict.fromkeys(PHONES, status), **by_visitor}


def joined_only(status=OK):
    """A page for people who joined this workshop: everyone else is sent to join it."""
    return phones(NOT_IN_IT, participant=status)


# (URL name, which objects the address is built from, expected response per visitor).
# "here": this site's open workshop, table and priority. "other site": another site's.
PHONE_EXPECTATIONS = [
    ("participate:enter", "here", phones(OK)),
    ("participate:join", "here", phones(OK, participant=REDIRECT)),
    ("participate:progress", "here", joined_only()),
    ("participate:question", "here", joined_only()),
    ("participate:question", "a question it does not have", joined_only(NOT_FOUND)),
    ("participate:results", "here", joined_only()),
    ("participate:break", "here", joined_only()),
    # Another site's workshop: this workshop's participant is not in it, and its own
    # participant is (a code is not a site's secret; the cookie is the person's key).
    ("participate:progress", "other site", phones(NOT_IN_IT, other_workshop_participant=OK)),
    ("participate:question", "other site", phones(NOT_IN_IT, other_workshop_participant=OK)),
    ("participate:results", "other site", phones(NOT_IN_IT, other_workshop_participant=OK)),
    ("participate:join", "a code nobody has", phones(NOT_FOUND)),
    ("participate:progress", "a code nobody has", phones(NOT_FOUND)),
    ("participate:question", "a code nobody has", phones(NOT_FOUND)),
    ("participate:results", "a code nobody has", phones(NOT_FOUND)),
    ("participate:break", "a code nobody has", phones(NOT_FOUND)),
    ("ranking:table", "here", phones(OK)),
    ("ranking:draft", "here", phones(OK)),
    ("ranking:table", "a code nobody has", phones(NOT_FOUND)),
    ("ranking:draft", "a code nobody has", phones(NOT_FOUND)),
    # This table's code with another site's priority, or another workshop's at this site.
    ("ranking:draft", "other site's priority", phones(NOT_FOUND)),
    ("ranking:draft", "another session's priority", phones(NOT_FOUND)),
]


def phone_client(user=None):
    """A new phone or browser; signed in, and past two-factor checks, if a user is given."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    phone = Client()
    if user is not None:
        phone.force_login(user)
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        session = phone.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return phone


def _confirmed_priority(site, title):
    from thrivekit.priorities import services as priority_services
    from thrivekit.priorities.tests.helpers import ITEMS

    session = priority_services.session_open(
        session=priority_services.session_create(
            site=site,
            title=title,
            allow_checklist_actions=False,
            table_names=["Green", "Yellow"],
            aims=[],
        )
    )
    priority_services.table_ranking_save(table=session.tables.first(), items=ITEMS[:5])
    return priority_services.priorities_confirm(
        session=session, items=ITEMS[:5], reason="", confirmed_by=None
    )[0]


@pytest.fixture
def phone_world(world, site, other_site):
    """Every kind of phone, and the codes and ids the participants' and tables' pages take."""
    from thrivekit.sites.models import LocalArea
    from thrivekit.workshops.models import Workshop
    from thrivekit.workshops.tests.helpers import join, open_workshop

    people, kwargs = world
    workshop = Workshop.objects.get(pk=kwargs["workshop_id"])
    elsewhere = open_workshop(other_site, checklist=False, tables=())
    from thrivekit.sites.tests.factories import LocalAreaFactory

    phones_by_visitor = {
        "anonymous": phone_client(),
        "participant": join(
            workshop, area=LocalArea.objects.for_site(site).first(), client=phone_client()
        ),
        "other_workshop_participant": join(
            elsewhere, area=LocalAreaFactory(site=other_site), client=phone_client()
        ),
        **{
            visitor: phone_client(people[visitor])
            for visitor in ("other_site_member", "viewer", "facilitator", "site_lead")
        },
    }
    places = {
        "here": kwargs,
        "other site": {**kwargs, "code": elsewhere.join_code},
        "a question it does not have": {**kwargs, "number": 10_000},
        "a code nobody has": {**kwargs, "code": "NOBODY", "table_code": "NOBODY"},
        "other site's priority": {
            **kwargs,
            "priority_id": _confirmed_priority(other_site, "Southvale priorities").id,
        },
        "another session's priority": {
            **kwargs,
            "priority_id": _confirmed_priority(site, "Second priorities").id,
        },
    }
    return phones_by_visitor, places


def test_every_participant_and_table_url_has_a_phone_expectation():
    names = {n for n in all_url_names() if n.split(":")[0] in ("participate", "ranking")}
    declared = {name for name, _, _ in PHONE_EXPECTATIONS}
    assert names == declared, f"Declare who may use these: {sorted(names ^ declared)}"


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", PHONES)
def test_each_phone_gets_the_declared_response_from_the_participant_and_table_pages(
    visitor, phone_world, settings
):
    settings.THRIVEKIT_REQUIRE_2FA = True
    phones_by_visitor, places = phone_world
    phone = phones_by_visitor[visitor]
    failures = []
    for name, place, expected_by_visitor in PHONE_EXPECTATIONS:
        url = url_for(name, places[place])
        response = phone.get(url)
        expected = expected_by_visitor[visitor]
        if expected == REDIRECT:
            # Sent to join the workshop in the address, never to sign in.
            code = places[place]["code"]
            ok = response.status_code == 302 and response.url in (
                reverse("participate:join", kwargs={"code": code}),
                reverse("participate:progress", kwargs={"code": code}),
            )
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{name} ({place}) {url}: expected {expected}, got {response}")
    assert not failures, "\n".join(failures)
