"""Public city pages, mounted at /kota/. Routes that belong to one city take ``city_slug``:
CityContextMiddleware resolves it (404 when unknown or inactive) and runs the view in that city."""

from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("", views.city_list, name="list"),
    path("<slug:city_slug>/", views.city_detail, name="detail"),
]
