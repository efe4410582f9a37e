"""City profile pages (docs/city-profile.md): /kelola/profil-kota/ (city admin), /apeksi/profil-kota/ (APEKSI)."""

from django.urls import path

from dashboards import profile_views

app_name = "city_profile"

urlpatterns = [
    path("kelola/profil-kota/", profile_views.city_profile_edit, name="edit"),
    path("apeksi/profil-kota/", profile_views.apeksi_city_profiles, name="apeksi"),
    path("apeksi/profil-kota/unduh/", profile_views.apeksi_city_profiles_export, name="apeksi-export"),
]
