"""Employers, staff and public job-board URLs (Indonesian paths; see the module docs of views)."""

from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    # The employer member's pages.
    path("pemberi-kerja/", views.dashboard, name="dashboard"),
    path("pemberi-kerja/organisasi/", views.organisation, name="organisation"),
    path("pemberi-kerja/kuota/", views.quota, name="quota"),
    path("pemberi-kerja/tempat-kerja/", views.workplace_list, name="workplace-list"),
    path("pemberi-kerja/tempat-kerja/<int:pk>/", views.workplace_edit, name="workplace-edit"),
    path("pemberi-kerja/lowongan/baru/", views.vacancy_create, name="vacancy-create"),
    path("pemberi-kerja/lowongan/<int:pk>/", views.vacancy, name="vacancy"),
    path("pemberi-kerja/lowongan/<int:pk>/status/", views.vacancy_status, name="vacancy-status"),
    # City staff.
    path("petugas/pemberi-kerja/", views.staff_employer_list, name="staff-employer-list"),
    path("petugas/pemberi-kerja/verifikasi-ulang/", views.staff_reverify_list, name="staff-reverify-list"),
    path("petugas/pemberi-kerja/<int:pk>/", views.staff_employer, name="staff-employer"),
    path("petugas/pemberi-kerja/<int:pk>/verifikasi/", views.staff_employer_verify, name="staff-employer-verify"),
    path("petugas/pemberi-kerja/<int:pk>/kuota/", views.staff_quota_add, name="staff-quota-add"),
    path("petugas/pemberi-kerja/<int:pk>/layanan/", views.staff_service_add, name="staff-service-add"),
    path("petugas/layanan-pemberi-kerja/", views.staff_service_list, name="staff-service-list"),
    path("petugas/lowongan/", views.staff_vacancy_list, name="staff-vacancy-list"),
    path("petugas/lowongan/<int:pk>/", views.staff_vacancy, name="staff-vacancy"),
    path("petugas/minat/", views.staff_interest_list, name="staff-interest-list"),
    path("petugas/minat/<int:pk>/ditinjau/", views.staff_interest_review, name="staff-interest-review"),
    # The public job board: every city (public index), one city, a vacancy, the feed.
    path("lowongan/", views.board, name="board"),
    path("kota/<slug:city_slug>/lowongan/", views.city_board, name="city-board"),
    path("kota/<slug:city_slug>/lowongan/rss/", views.city_feed, name="city-feed"),
    path("kota/<slug:city_slug>/lowongan/atom/", views.city_atom_feed, name="city-atom-feed"),
    path("kota/<slug:city_slug>/lowongan/<int:pk>/", views.vacancy_public, name="vacancy-public"),
    path("kota/<slug:city_slug>/lowongan/<int:pk>/minat/", views.express_interest, name="express-interest"),
]
