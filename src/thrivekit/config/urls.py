from django.contrib import admin
from django.urls import include, path

from thrivekit.core import views as core_views

urlpatterns = [
    path("", core_views.start, name="start"),
    path("health", core_views.health, name="health"),
    path("accessibility", core_views.accessibility, name="accessibility"),
    path("accounts/", include("thrivekit.accounts.urls")),
    path("platform/", include("thrivekit.sites.platform_urls")),
    path("sites/", include("thrivekit.sites.urls")),
    path("sites/<slug:site_slug>/", include("thrivekit.phase1.urls")),
    path("sites/<slug:site_slug>/instruments/", include("thrivekit.instrument_library.urls")),
    path("sites/<slug:site_slug>/workshops/", include("thrivekit.workshops.urls")),
    path("sites/<slug:site_slug>/priorities/", include("thrivekit.priorities.urls")),
    path("sites/<slug:site_slug>/tasks/", include("thrivekit.tasks.urls")),
    path("sites/<slug:site_slug>/activity/", include("thrivekit.extracts.urls")),
    path("sites/<slug:site_slug>/scenarios/", include("thrivekit.scenarios.urls")),
    path("sites/<slug:site_slug>/engagement/", include("thrivekit.engagement.urls")),
    path("sites/<slug:site_slug>/pathways/", include("thrivekit.maps.urls")),
    path("sites/<slug:site_slug>/feedback/", include("thrivekit.qualitative.urls")),
    path("sites/<slug:site_slug>/planning/", include("thrivekit.planning.urls")),
    path("sites/<slug:site_slug>/reports/", include("thrivekit.reports.urls")),
    path("join/", include("thrivekit.workshops.urls_participant")),
    path("table/", include("thrivekit.priorities.urls_table")),
    path("redesign/", include("thrivekit.planning.urls_table")),
    path("say/", include("thrivekit.qualitative.urls_public")),
    path("django-admin/", admin.site.urls),
]

handler400 = "thrivekit.core.views.bad_request"
handler404 = "thrivekit.core.views.not_found"
handler403 = "thrivekit.core.views.forbidden"
handler500 = "thrivekit.core.views.server_error"
