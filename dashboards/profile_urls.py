"""City profile pages (docs/city-profile.md): /kelola/profil-kota/ and /kelola/kop-surat/ (city admin:
the letterhead, docs/letterhead.md), /apeksi/profil-kota/ (APEKSI)."""

from django.urls import path

from dashboards import letterhead_views, profile_views

app_name = "city_profile"

urlpatterns = [
    path("kelola/profil-kota/", profile_views.city_profile_edit, name="edit"),
    path("kelola/kop-surat/", letterhead_views.letterhead_edit, name="letterhead"),
    path("apeksi/profil-kota/", profile_views.apeksi_city_profiles, name="apeksi"),
    path("apeksi/profil-kota/unduh/", profile_views.apeksi_city_profiles_export, name="apeksi-export"),
]
