from django.urls import path

from thrivekit.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("plan/timeline", views.gantt, name="gantt"),
    path("plan/add", views.action_add, name="action_add"),
    path("plan/from-gap-analysis", views.from_gap_analysis, name="from_gap_analysis"),
    path("plan/implementation-plan.<str:file_format>", views.export, name="export"),
    path("plan/<uuid:action_id>/", views.action_detail, name="action"),
    path("plan/<uuid:action_id>/edit", views.action_edit, name="action_edit"),
    path("plan/<uuid:action_id>/rag", views.action_rag, name="action_rag"),
    path("plan/<uuid:action_id>/remove", views.action_remove, name="action_remove"),
    path("owners/", views.owners, name="owners"),
    path("owners/<uuid:owner_id>/link", views.owner_link, name="owner_link_issue"),
    path("shared/<str:token>", views.owner_view, name="owner_link"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/add", views.outcome_add, name="outcome_add"),
    path("outcomes/<uuid:outcome_id>/indicators/add", views.indicator_add, name="indicator_add"),
    path("indicators/<uuid:indicator_id>/", views.indicator_detail, name="indicator"),
    path("indicators/<uuid:indicator_id>/edit", views.indicator_edit, name="indicator_edit"),
    path("indicators/<uuid:indicator_id>/rebase", views.indicator_rebase, name="indicator_rebase"),
    path("future-offer/", views.offers, name="offers"),
    path("future-offer/<str:grouping>", views.offer_edit, name="offer_edit"),
    path("future-offer/services/<str:service_id>/split", views.share_edit, name="share_edit"),
    path("library/", views.library, name="library"),
    path("library/add", views.library_add, name="library_add"),
    path("agreement/", views.agreement_record, name="agreement"),
    path("future-map/", views.future_map, name="future_map"),
    path("future-map/changes/add", views.future_change_add, name="future_change_add"),
    path("future-map/changes/remove", views.future_change_remove, name="future_change_remove"),
    path("agreement/sign-off", views.signoff_add, name="signoff_add"),
    path("redesign/", views.redesign_workshops, name="redesign_workshops"),
    path("redesign/new", views.redesign_workshop_new, name="redesign_workshop_new"),
    path("redesign/<uuid:redesign_id>/", views.redesign_workshop, name="redesign_workshop"),
    path("redesign/<uuid:redesign_id>/status", views.redesign_status, name="redesign_status"),
    path(
        "redesign/<uuid:redesign_id>/merge/<str:grouping>",
        views.redesign_merge,
        name="redesign_merge",
    ),
    path(
        "redesign/<uuid:redesign_id>/next-steps",
        views.redesign_next_steps,
        name="redesign_next_steps",
    ),
]
