"""Shared helpers for the feedback tests: responses made the way users make them."""

from django.urls import reverse

from thrivekit.qualitative import services


def url(name, site, **kwargs):
    return reverse(f"qualitative:{name}", kwargs={"site_slug": site.slug, **kwargs})


def say(site, text, *, group="young_person", area="Riverside", title="Listening event", user=None):
    """One passage of event notes: one response."""
    source = services.notes_add(
        site=site, title=title, text=text, group=group, area=area, user=user
    )
    return source.responses.get()


def reviewed(site, text, **kwargs):
    response = say(site, text, **kwargs)
    return services.response_review(response=response, user=None)
