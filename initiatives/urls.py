from django.urls import path

from .views import initiatives

app_name = "initiatives"

urlpatterns = [
    path("initiatives/<int:pk>/", initiatives.InitiativeDetail.as_view(), name="initiative-detail"),
    path(
        "initiatives/<int:pk>/files/<int:file>/",
        initiatives.InitiativeFileDownload.as_view(),
        name="initiative-file-download",
    ),
]
