"""Karirhub exchange URLs (staff): /petugas/karirhub/."""

from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("petugas/karirhub/", views.karirhub_page, name="karirhub"),
    path("petugas/karirhub/lowongan.<str:fmt>", views.vacancies_export, name="vacancies-export"),
    path("petugas/karirhub/pencari-kerja.<str:fmt>", views.registrations_export, name="registrations-export"),
]
