from django.urls import path

from jobseekers import views

app_name = "jobseekers"

urlpatterns = [
    # The job seeker's own pages.
    path("pencari-kerja/profil/", views.my_profile, name="my-profile"),
    path("pencari-kerja/profil/langkah/<int:step>/", views.my_profile_step, name="my-profile-step"),
    path("pencari-kerja/profil/<slug:kind>/tambah/", views.my_profile_add, name="my-profile-add"),
    path("pencari-kerja/profil/<slug:kind>/<int:pk>/hapus/", views.my_profile_remove, name="my-profile-remove"),
    path("pencari-kerja/persetujuan/", views.my_consent, name="my-consent"),
    path("pencari-kerja/dokumen/", views.my_documents, name="my-documents"),
    path("pencari-kerja/dokumen/<int:pk>/unduh/", views.my_document_download, name="my-document-download"),
    path("pencari-kerja/data-saya/", views.my_data_page, name="my-data"),
    path("pencari-kerja/data-saya/data-saya.json", views.my_data_json, name="my-data-json"),
    path("pencari-kerja/data-saya/lihat/", views.my_data_html, name="my-data-html"),
    path("pencari-kerja/riwayat-akses/", views.access_log, name="access-log"),
    # Staff and partners.
    path("petugas/pencari-kerja/", views.jobseeker_list, name="list"),
    path("petugas/pencari-kerja/daftar/", views.assisted_register, name="register"),
    path("petugas/pencari-kerja/impor/", views.import_page, name="import"),
    path("petugas/pencari-kerja/impor/templat.xlsx", views.import_template, name="import-template"),
    path("petugas/pencari-kerja/ekspor.<slug:fmt>", views.export, name="export"),
    path("petugas/pencari-kerja/<int:pk>/", views.case_detail, name="case"),
    path("petugas/pencari-kerja/<int:pk>/data-sensitif/", views.case_sensitive, name="case-sensitive"),
    path("petugas/pencari-kerja/<int:pk>/fungsi/", views.functioning, name="functioning"),
    path("petugas/dokumen/<int:pk>/unduh/", views.case_document_download, name="document-download"),
    path("petugas/permintaan-data/", views.rights_requests, name="rights-requests"),
    path("petugas/permintaan-data/<int:pk>/", views.rights_request_act, name="rights-request-act"),
]
