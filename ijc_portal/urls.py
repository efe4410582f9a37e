"""Root URLconf. Pages are under the language-neutral paths; the language comes from the session/cookie.

Public paths are in Indonesian (the portal's first language): /kota/ (cities), /aksesibilitas/,
/privasi/, /tampilan/ (text size and contrast). Signed-in areas: /akun/ (login, sign-up, profile,
security — allauth plus ours), /beranda/ (each role's home), /kelola/ (city admin), /petugas/
(staff), /apeksi/ (cross-city), /admin/ (superusers only).
"""

from django.contrib import admin
from django.urls import include, path

from ijc_portal import views
from ijc_portal.health import healthz

urlpatterns = [
    path("", views.home, name="home"),
    path("kota/", include("cities.urls")),
    path("aksesibilitas/", views.accessibility_statement, name="accessibility"),
    path("privasi/", views.privacy_notice, name="privacy"),
    path("tampilan/", views.display_preferences, name="display-preferences"),
    path("sesi/perpanjang/", views.session_keepalive, name="session-keepalive"),
    path("healthz", healthz, name="healthz"),  # JSON health of database, broker, worker, beat (README)
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("dashboards.urls")),
    path("", include("jobseekers.urls")),
    path("", include("employers.urls")),  # /pemberi-kerja/, /petugas/..., /lowongan/, /kota/<slug>/lowongan/
    path("", include("assessments.urls")),  # /petugas/asesmen/, /pemberi-kerja/asesmen/, /apeksi/daftar-periksa/
    path("", include("ak1.urls")),  # /petugas/kartu-ak1/, /pencari-kerja/kartu-ak1/, /kota/<slug>/kartu-ak1/cek/
    path("", include("placements.urls")),  # /petugas/penempatan/, /pemberi-kerja/kandidat/, /pencari-kerja/...
    path("", include("exchange.urls")),  # /petugas/karirhub/: files for SIAPkerja/Karirhub (docs/karirhub.md)
    path("", include("notifications.urls")),  # /akun/pesan/, /akun/pemberitahuan/, /kelola/pemberitahuan-gagal/
    path("", include("webhooks.urls")),  # /kelola/webhook/ (city admins)
    path("api/v1/", include("api.urls")),  # REST API v1 (docs/api.md)
    path("", include("api.page_urls")),  # /akun/token-api/: the user's API tokens
    path("", include("dashboards.profile_urls")),  # /kelola/profil-kota/, /apeksi/profil-kota/
    path("admin/", admin.site.urls),
]

# A database that cannot be reached answers 503 with Retry-After instead of 500 (ijc_portal.errors).
handler500 = "ijc_portal.errors.server_error"
