from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("beranda/", views.role_home, name="role-home"),
    path("beranda/pencari-kerja/", views.home_job_seeker, name="home-job-seeker"),
    path("beranda/pemberi-kerja/", views.home_employer, name="home-employer"),
    path("beranda/petugas/", views.home_staff, name="home-staff"),
    path("beranda/admin-kota/", views.home_city_admin, name="home-city-admin"),
    path("beranda/mitra/", views.home_partner, name="home-partner"),
    path("beranda/apeksi/", views.home_apeksi, name="home-apeksi"),
    # The city's dashboard (staff, city admin): from its own rollups, exact.
    path("dasbor/", views.city_dashboard, name="city-dashboard"),
    path("dasbor/bagian/<slug:section>/", views.city_section, name="city-section"),
    path("dasbor/unduh/<str:dari>/<str:sampai>/", views.city_export, name="city-export"),
    path("dasbor/hitung-ulang/", views.city_refresh, name="city-refresh"),
    path("dasbor/laporan-bulanan/", views.city_report, name="city-report"),
    path("dasbor/laporan-bulanan/pdf/", views.city_report_pdf, name="city-report-pdf"),
    # APEKSI: every city, from rollups only, suppressed.
    path("apeksi/dasbor/", views.apeksi_dashboard, name="apeksi-dashboard"),
    path("apeksi/dasbor/bagian/<slug:section>/", views.apeksi_section, name="apeksi-section"),
    path(
        "apeksi/dasbor/unduh/<str:dari>/<str:sampai>/<str:peringkat>/<str:provinsi>/",
        views.apeksi_export,
        name="apeksi-export",
    ),
    path("apeksi/dasbor/hitung-ulang/", views.apeksi_refresh, name="apeksi-refresh"),
]
