from django.urls import path

from jobseekers.views import claim, documents, onbehalf, own, rights, staff

app_name = "jobseekers"

urlpatterns = [
    # The job seeker's own pages.
    path("pencari-kerja/profil/", own.my_profile, name="my-profile"),
    path("pencari-kerja/profil/langkah/<int:step>/", own.my_profile_step, name="my-profile-step"),
    path("pencari-kerja/profil/<slug:kind>/tambah/", own.my_profile_add, name="my-profile-add"),
    path("pencari-kerja/profil/<slug:kind>/<int:pk>/hapus/", own.my_profile_remove, name="my-profile-remove"),
    path("pencari-kerja/persetujuan/", own.my_consent, name="my-consent"),
    path("pencari-kerja/dokumen/", documents.my_documents, name="my-documents"),
    path("pencari-kerja/dokumen/<int:pk>/unduh/", documents.my_document_download, name="my-document-download"),
    path("pencari-kerja/data-saya/", rights.my_data_page, name="my-data"),
    path("pencari-kerja/data-saya/data-saya.json", rights.my_data_json, name="my-data-json"),
    path("pencari-kerja/data-saya/lihat/", rights.my_data_html, name="my-data-html"),
    path("pencari-kerja/riwayat-akses/", rights.access_log, name="access-log"),
    path("pencari-kerja/riwayat-perubahan/", rights.change_log, name="change-log"),
    # Staff and partners.
    path("petugas/pencari-kerja/", staff.jobseeker_list, name="list"),
    path("petugas/pencari-kerja/daftar/", staff.assisted_register, name="register"),
    path("petugas/pencari-kerja/impor/", staff.import_page, name="import"),
    path("petugas/pencari-kerja/impor/templat.xlsx", staff.import_template, name="import-template"),
    path("petugas/pencari-kerja/ekspor.<slug:fmt>", staff.export, name="export"),
    path("petugas/pencari-kerja/<int:pk>/", staff.case_detail, name="case"),
    path("petugas/pencari-kerja/<int:pk>/data-sensitif/", staff.case_sensitive, name="case-sensitive"),
    path("petugas/pencari-kerja/<int:pk>/fungsi/", staff.functioning, name="functioning"),
    # Staff and partners acting for the person (the same forms as the person's own pages).
    path("petugas/pencari-kerja/<int:pk>/profil/", onbehalf.act_profile, name="act-profile"),
    path("petugas/pencari-kerja/<int:pk>/profil/langkah/<int:step>/", onbehalf.act_step, name="act-step"),
    path("petugas/pencari-kerja/<int:pk>/profil/<slug:kind>/tambah/", onbehalf.act_add, name="act-add"),
    path(
        "petugas/pencari-kerja/<int:pk>/profil/<slug:kind>/<int:entry>/hapus/",
        onbehalf.act_remove,
        name="act-remove",
    ),
    path("petugas/pencari-kerja/<int:pk>/persetujuan/", onbehalf.act_consent, name="act-consent"),
    path("mitra/pencari-kerja/", onbehalf.partner_caseload, name="partner-caseload"),
    path("petugas/dokumen/<int:pk>/unduh/", documents.case_document_download, name="document-download"),
    path("petugas/permintaan-data/", rights.rights_requests, name="rights-requests"),
    path("petugas/permintaan-data/<int:pk>/", rights.rights_request_act, name="rights-request-act"),
    # Taking over one's own profile (a person registered without an account).
    path("ambil-akun/", claim.claim_start, name="claim-start"),
    path("kota/<slug:city_slug>/ambil-akun/", claim.claim_code, name="claim"),
    path("kota/<slug:city_slug>/ambil-akun/tautan/<str:token>/", claim.claim_link, name="claim-link"),
    path("kota/<slug:city_slug>/ambil-akun/akun/", claim.claim_account, name="claim-account"),
    path("petugas/pencari-kerja/<int:pk>/kode-akun/", claim.claim_code_send, name="claim-code-send"),
]
