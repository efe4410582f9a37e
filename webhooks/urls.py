from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("kelola/webhook/", views.endpoint_list, name="list"),
    path("kelola/webhook/baru/", views.endpoint_create, name="create"),
    path("kelola/webhook/<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("kelola/webhook/<int:pk>/ubah/", views.endpoint_edit, name="edit"),
    path("kelola/webhook/<int:pk>/ganti-rahasia/", views.endpoint_rotate, name="rotate"),
    path("kelola/webhook/<int:pk>/jeda/", views.endpoint_pause, name="pause"),
    path("kelola/webhook/<int:pk>/lanjutkan/", views.endpoint_resume, name="resume"),
    path("kelola/webhook/<int:pk>/hapus/", views.endpoint_delete, name="delete"),
    path("kelola/webhook/<int:pk>/pengiriman/<uuid:delivery_pk>/ulang/", views.delivery_retry, name="retry"),
]
