from django.urls import path

from ak1 import views

app_name = "ak1"

urlpatterns = [
    path("petugas/pencari-kerja/<int:pk>/kartu-ak1/", views.person_cards, name="person"),
    path("petugas/kartu-ak1/wajib-lapor/", views.due_list, name="due"),
    path("kelola/kartu-ak1/", views.card_settings, name="settings"),
    path("petugas/kartu-ak1/<int:pk>/cetak/", views.card_print, name="print"),
    path("petugas/kartu-ak1/<int:pk>/kartu.pdf", views.card_pdf, name="pdf"),
    path("pencari-kerja/kartu-ak1/", views.my_card, name="mine"),
    path("pencari-kerja/kartu-ak1/kartu.pdf", views.my_card_pdf, name="mine-pdf"),
    path("kota/<slug:city_slug>/kartu-ak1/cek/<str:token>/", views.verify, name="verify"),
]
