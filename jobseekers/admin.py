from django.contrib import admin

from accounts.admin import CityOwnedAdmin
from jobseekers.models import FunctioningAnswer, JobSeeker


class FunctioningInline(admin.TabularInline):
    model = FunctioningAnswer
    extra = 0


@admin.register(JobSeeker)
class JobSeekerAdmin(CityOwnedAdmin):
    list_display = ["name", "wg_disability", "created_at"]
    search_fields = ["name"]
    raw_id_fields = ["user"]
    inlines = [FunctioningInline]
