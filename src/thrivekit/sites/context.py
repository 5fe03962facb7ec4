"""The current site of a request, and the one way views reach it."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from thrivekit.sites.models import Membership, Role, Site

ALL_ROLES = frozenset(Role)
EDITORS = frozenset({Role.SITE_LEAD, Role.FACILITATOR, Role.ANALYST, Role.CONTRIBUTOR})


@dataclass(frozen=True)
class SiteContext:
    site: Site
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    def has_role(self, *roles: str) -> bool:
        return self.membership.role in roles

    @property
    def is_lead(self) -> bool:
        return self.membership.role == Role.SITE_LEAD


def site_view(*, roles=ALL_ROLES):
    """Resolve `site_slug` to the user's membership of that site and set request.site_ctx.

    Anyone who is not a member gets a 404 (another site's pages do not exist for them, even
    for a platform administrator); a member without one of `roles` gets a 403. The membership
    is read on every request, so a removed member loses access at once.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, site_slug: str, *args, **kwargs):
            membership = (
                Membership.objects.select_related("site")
                .filter(site__slug=site_slug, user=request.user)
                .first()
            )
            if membership is None:
                raise Http404("No such site")
            request.site_ctx = SiteContext(site=membership.site, membership=membership)
            if membership.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.site_roles = roles
        return wrapped

    return decorator
