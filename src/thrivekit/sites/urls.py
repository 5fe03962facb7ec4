from django.urls import path

from thrivekit.sites import views

app_name = "sites"

urlpatterns = [
    path("", views.choose, name="choose"),
    path("<slug:site_slug>/members", views.members, name="members"),
    path("<slug:site_slug>/members/invite", views.member_invite, name="member_invite"),
    path(
        "<slug:site_slug>/members/<uuid:membership_id>/role", views.member_role, name="member_role"
    ),
    path(
        "<slug:site_slug>/members/<uuid:membership_id>/remove",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<slug:site_slug>/invitations/<uuid:invitation_id>/cancel",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("<slug:site_slug>/settings", views.settings, name="settings"),
    path(
        "<slug:site_slug>/local-areas/<uuid:area_id>/remove",
        views.local_area_remove,
        name="local_area_remove",
    ),
    path("<slug:site_slug>/audit", views.audit, name="audit"),
]
