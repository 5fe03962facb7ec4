"""What every page's layout needs: the current site, the Phase 1 navigation and the account."""

from django.urls import reverse

from thrivekit.phase1.steps import STEPS


def layout(request) -> dict:
    site_ctx = getattr(request, "site_ctx", None)
    navigation = []
    if site_ctx is not None:
        slug = site_ctx.site.slug
        home = reverse("phase1:home", kwargs={"site_slug": slug})
        navigation.append({"href": home, "text": "Phase 1 home", "current": request.path == home})
        for step in STEPS:
            href = reverse("phase1:step", kwargs={"site_slug": slug, "step": step.slug})
            navigation.append(
                {"href": href, "text": step.short_title, "current": request.path.startswith(href)}
            )
    return {
        "site_ctx": site_ctx,
        "navigation": navigation,
        # Evaluated here: the nhsuk template tests it with `if`, which a lazy nonce fails.
        "csp_nonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else "",
    }
