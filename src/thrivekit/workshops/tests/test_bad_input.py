"""Bad input on the facilitators' pages is a 400 or a form error, never a server error."""

import pytest
from django.urls import reverse

from thrivekit.sites.models import LocalArea, Role
from thrivekit.workshops.models import ChecklistAnswer
from thrivekit.workshops.tests.helpers import answer, join, open_workshop


@pytest.mark.django_db
@pytest.mark.parametrize("answer_id", ["not-a-uuid", "", "x" * 5000])
def test_reviewing_a_comment_that_is_not_an_id_is_a_bad_request(
    client, site, member, signed_in, answer_id
):
    # Given a comment waiting for review
    workshop = open_workshop(site, assessment=False)
    phone = join(workshop, area=LocalArea.objects.for_site(site).first())
    answer(phone, workshop, "ic-05", status="in_progress", comment="We run a joint panel")
    signed_in(member(Role.FACILITATOR))
    # When the review form is sent with an answer that is not an id
    response = client.post(
        reverse("workshops:comments", kwargs={"site_slug": site.slug, "workshop_id": workshop.id}),
        {"answer": answer_id, "review": "approved"},
    )
    # Then it is a bad request that says nothing was saved, and the comment is still waiting
    assert response.status_code == 400
    assert "Something sent was not valid" in response.text
    assert "nothing was saved" in response.text
    assert ChecklistAnswer.objects.get().review == ChecklistAnswer.Review.PENDING
