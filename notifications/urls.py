from django.urls import path

from notifications import views, views_whatsapp

app_name = "notifications"

urlpatterns = [
    path("akun/pesan/", views.inbox, name="inbox"),
    path("akun/pesan/tandai-dibaca/", views.inbox_mark_read, name="inbox-mark-read"),
    path("akun/pemberitahuan/", views.preferences, name="preferences"),
    path("kelola/pemberitahuan-gagal/", views.failed_list, name="failed-list"),
    path("kelola/pemberitahuan-gagal/<int:pk>/ulang/", views.failed_retry, name="failed-retry"),
    path("petugas/panggilan/", views.calls, name="calls"),
    path("petugas/panggilan/<int:pk>/", views.call, name="call"),
    path("petugas/surat/", views.letters, name="letters"),
    path("petugas/surat/<int:pk>/", views.letter, name="letter"),
    path("petugas/surat/<int:pk>/dicetak/", views.letter_printed, name="letter-printed"),
    # Meta's WhatsApp Cloud API webhook (a machine endpoint; csrf-exempt, signed with the app secret)
    path("whatsapp/webhook/", views_whatsapp.webhook, name="whatsapp-webhook"),
]
