from auditlog.models import LogEntry
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivekit.accounts.models import User

# A platform administrator runs the service but sees a site's work only when invited to it.
# The audit log holds every site's field values and analyses, and authenticators hold secrets:
# neither belongs in the admin. (Their apps register them; this app comes later and removes
# them.)
for model in (LogEntry, TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    exclude = ["password"]
