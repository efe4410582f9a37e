from django.urls import path

from jobseekers import views

app_name = "jobseekers"

urlpatterns = [
    path("petugas/pencari-kerja/", views.jobseeker_list, name="list"),
    path("petugas/pencari-kerja/<int:pk>/fungsi/", views.functioning, name="functioning"),
    path("pencari-kerja/riwayat-akses/", views.access_log, name="access-log"),
]
