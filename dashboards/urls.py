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
]
