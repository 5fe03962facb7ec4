from django.urls import path

from thrivekit.instrument_library import views

app_name = "instrument_library"

urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("load", views.instrument_upload, name="upload"),
    path("<slug:kind>", views.instrument_detail, name="detail"),
    path("<slug:kind>/revert", views.instrument_revert, name="revert"),
]
