"""Admin for job seekers: superusers only, inside a chosen city (ijc_portal.admin).

No sensitive field group (functioning, ragam, needs, documents) is shown here: the admin is for
fixing identity and case data, and every opened record is written to the audit trail as a read of
the person's identity (UU 27/2022: processing of personal data must be provable).
"""

from django.contrib import admin

from accounts.admin import CityOwnedAdmin
from jobseekers.models import JobSeeker


@admin.register(JobSeeker)
class JobSeekerAdmin(CityOwnedAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    raw_id_fields = ["user", "assigned_officer", "registered_by"]
    # Identity and case data only: never ragam, devices, communication or accommodation needs,
    # disclosure choices or the WG flag (a list of allowed fields, so a new field stays out by default).
    fields = [
        "user",
        "name",
        "nik",
        "birth_date",
        "gender",
        "address",
        "kelurahan",
        "kecamatan",
        "phone",
        "email",
        "contact_channel",
        "language",
        "ak1_number",
        "referral_source",
        "status",
        "assigned_officer",
        "next_action_on",
        "registration_channel",
        "registered_by",
    ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from accounts.audit import record_access

        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            record_access(obj=obj, groups=["identity"])
        return super().change_view(request, object_id, form_url, extra_context)
