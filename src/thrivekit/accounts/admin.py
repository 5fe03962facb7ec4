from auditlog.models import LogEntry
from django.contrib import admin, messages
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivekit.accounts import services
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
    actions = ["two_factor_reset"]

    @admin.action(description="Reset two-factor authentication (they lost their authenticator)")
    def two_factor_reset(self, request, queryset):
        people = [user for user in queryset if services.two_factor_reset(user=user)]
        self.message_user(
            request,
            f"Two-factor authentication reset for {len(people)} of {queryset.count()} people. "
            "Each was emailed and will set up a new authenticator when they next sign in.",
            messages.SUCCESS,
        )
