"""Assessment URLs (Indonesian paths; see the module docs of views)."""

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("petugas/asesmen/", views.assessment_list, name="list"),
    path("petugas/asesmen/baru/", views.assessment_schedule, name="schedule"),
    path("petugas/asesmen/<int:pk>/", views.assessment_detail, name="detail"),
    path("petugas/asesmen/<int:pk>/langkah/<int:step>/", views.assessment_step, name="step"),
    path("petugas/asesmen/<int:pk>/status/", views.assessment_status, name="status"),
    path("petugas/asesmen/<int:pk>/foto/<int:photo_pk>/", views.photo, name="photo"),
    path("petugas/asesmen/<int:pk>/laporan/", views.report, name="report"),
    path("petugas/asesmen/<int:pk>/laporan.pdf", views.report_pdf, name="report-pdf"),
    path("pemberi-kerja/asesmen/", views.employer_list, name="employer-list"),
    path("pemberi-kerja/asesmen/<int:pk>/", views.employer_report, name="employer-report"),
    path("pemberi-kerja/asesmen/<int:pk>/foto/<int:photo_pk>/", views.employer_photo, name="employer-photo"),
    path("pemberi-kerja/asesmen/<int:pk>/laporan.pdf", views.employer_report_pdf, name="employer-report-pdf"),
    path("apeksi/daftar-periksa/", views.checklist_versions, name="checklist-versions"),
]
