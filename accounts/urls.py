"""Account, membership, invitation and audit-trail pages (see accounts.views for each path)."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("akun/profil/", views.profile, name="profile"),
    path("akun/kota/", views.choose_city, name="choose-city"),
    path("kota/<slug:city_slug>/undangan/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("kelola/anggota/", views.member_list, name="member-list"),
    path("kelola/anggota/<int:pk>/hapus/", views.member_remove, name="member-remove"),
    path("kelola/undangan/", views.invitation_list, name="invitation-list"),
    path("kelola/undangan/<int:pk>/cabut/", views.invitation_revoke, name="invitation-revoke"),
    path("kelola/jejak-audit/<str:model>/<int:pk>/", views.audit_trail, name="audit-trail"),
    path("apeksi/undangan/", views.city_admin_invite, name="city-admin-invite"),
]
