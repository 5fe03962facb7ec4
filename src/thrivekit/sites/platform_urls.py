from django.urls import path

from thrivekit.sites import views

app_name = "platform"

urlpatterns = [
    path("", views.platform_home, name="home"),
    path("sites/new", views.platform_site_new, name="site_new"),
]
