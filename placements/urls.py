from django.urls import path

from placements import views

app_name = "placements"

urlpatterns = [
    path("kelola/tindak-lanjut/", views.followup_schedule, name="followup-schedule"),
    path("petugas/penempatan/", views.staff_today, name="staff-today"),
    path("petugas/penempatan/lowongan/<int:pk>/", views.vacancy_suggestions, name="vacancy-suggestions"),
    path("petugas/penempatan/rujukan/<int:pk>/", views.staff_referral, name="staff-referral"),
    path("petugas/penempatan/tindak-lanjut/<int:pk>/", views.followup, name="followup"),
    path("petugas/penempatan/permintaan/", views.referral_requests, name="referral-requests"),
    path(
        "petugas/penempatan/rujukan/<int:pk>/konfirmasi-untuk-orang/",
        views.confirm_for_person,
        name="confirm-for-person",
    ),
    path("pemberi-kerja/kandidat/", views.employer_candidates, name="employer-candidates"),
    path("pemberi-kerja/kandidat/<int:pk>/", views.employer_referral, name="employer-referral"),
    path("api/pemberi-kerja/kandidat/", views.EmployerCandidates.as_view(), name="api-employer-candidates"),
    path("pencari-kerja/lowongan-cocok/", views.my_matches, name="my-matches"),
    path("pencari-kerja/rujukan/<int:pk>/", views.my_referral, name="my-referral"),
]
