from django.urls import path

from .views import evaluation, initiatives

app_name = "initiatives"

urlpatterns = [
    path("evaluation/mine/", evaluation.AssignmentMine.as_view(), name="assignment-mine"),
    path("evaluation/assignments/<int:pk>/score/", evaluation.ScoreSheetCreate.as_view(), name="score-sheet"),
    path("initiatives/<int:pk>/", initiatives.InitiativeDetail.as_view(), name="initiative-detail"),
    path(
        "initiatives/<int:pk>/files/<int:file>/",
        initiatives.InitiativeFileDownload.as_view(),
        name="initiative-file-download",
    ),
]
