"""Employers, staff and public job-board URLs (Indonesian paths; see the module docs of ``employers.views``)."""

from django.urls import path

from employers.views import employer, public, staff

app_name = "employers"

urlpatterns = [
    # The employer member's pages.
    path("pemberi-kerja/", employer.dashboard, name="dashboard"),
    path("pemberi-kerja/organisasi/", employer.organisation, name="organisation"),
    path("pemberi-kerja/kuota/", employer.quota, name="quota"),
    path("pemberi-kerja/tempat-kerja/", employer.workplace_list, name="workplace-list"),
    path("pemberi-kerja/tempat-kerja/<int:pk>/", employer.workplace_edit, name="workplace-edit"),
    path("pemberi-kerja/lowongan/baru/", employer.vacancy_create, name="vacancy-create"),
    path("pemberi-kerja/lowongan/<int:pk>/", employer.vacancy, name="vacancy"),
    path("pemberi-kerja/lowongan/<int:pk>/status/", employer.vacancy_status, name="vacancy-status"),
    # City staff.
    path("petugas/pemberi-kerja/", staff.staff_employer_list, name="staff-employer-list"),
    path("petugas/pemberi-kerja/verifikasi-ulang/", staff.staff_reverify_list, name="staff-reverify-list"),
    path("petugas/pemberi-kerja/<int:pk>/", staff.staff_employer, name="staff-employer"),
    path("petugas/pemberi-kerja/<int:pk>/verifikasi/", staff.staff_employer_verify, name="staff-employer-verify"),
    path("petugas/pemberi-kerja/<int:pk>/kuota/", staff.staff_quota_add, name="staff-quota-add"),
    path("petugas/pemberi-kerja/<int:pk>/layanan/", staff.staff_service_add, name="staff-service-add"),
    path("petugas/layanan-pemberi-kerja/", staff.staff_service_list, name="staff-service-list"),
    path("petugas/lowongan/", staff.staff_vacancy_list, name="staff-vacancy-list"),
    path("petugas/lowongan/<int:pk>/", staff.staff_vacancy, name="staff-vacancy"),
    path("petugas/minat/", staff.staff_interest_list, name="staff-interest-list"),
    path("petugas/minat/<int:pk>/ditinjau/", staff.staff_interest_review, name="staff-interest-review"),
    # The public job board: every city (public index), one city, a vacancy, the feed.
    path("lowongan/", public.board, name="board"),
    path("kota/<slug:city_slug>/lowongan/", public.city_board, name="city-board"),
    path("kota/<slug:city_slug>/lowongan/rss/", public.city_feed, name="city-feed"),
    path("kota/<slug:city_slug>/lowongan/atom/", public.city_atom_feed, name="city-atom-feed"),
    path("kota/<slug:city_slug>/lowongan/<int:pk>/", public.vacancy_public, name="vacancy-public"),
    path("kota/<slug:city_slug>/lowongan/<int:pk>/minat/", public.express_interest, name="express-interest"),
]
