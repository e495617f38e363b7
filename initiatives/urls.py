from django.urls import path

from .views import decisions, evaluation, initiatives, office

app_name = "initiatives"

urlpatterns = [
    # initiatives.py: the school's initiatives, the application, one initiative's page
    path("initiatives/school/", initiatives.InitiativeSchool.as_view(), name="initiative-school"),
    path("initiatives/new/", initiatives.InitiativeCreate.as_view(), name="initiative-create"),
    path(
        "initiatives/from-registration/<int:line>/",
        initiatives.InitiativeStartFromLine.as_view(),
        name="initiative-start-from-line",
    ),
    path("initiatives/<int:pk>/", initiatives.InitiativeDetail.as_view(), name="initiative-detail"),
    path("initiatives/<int:pk>/edit/", initiatives.InitiativeUpdate.as_view(), name="initiative-update"),
    path("initiatives/<int:pk>/files/", initiatives.InitiativeFileUpload.as_view(), name="initiative-file-upload"),
    path(
        "initiatives/<int:pk>/files/<int:file>/",
        initiatives.InitiativeFileDownload.as_view(),
        name="initiative-file-download",
    ),
    path(
        "initiatives/<int:pk>/files/<int:file>/remove/",
        initiatives.InitiativeFileDelete.as_view(),
        name="initiative-file-delete",
    ),
    path("initiatives/<int:pk>/submit/", initiatives.InitiativeSubmit.as_view(), name="initiative-submit"),
    path("initiatives/<int:pk>/forward/", initiatives.InitiativeForward.as_view(), name="initiative-forward"),
    path("initiatives/<int:pk>/return/", initiatives.InitiativeReturn.as_view(), name="initiative-return"),
    # office.py: every initiative in the office's reach
    path("initiatives/", office.InitiativeList.as_view(), name="initiative-list"),
    path("initiatives/export.xlsx", office.InitiativeListExport.as_view(), name="initiative-list-export"),
    # evaluation.py: councils, assignment, scoring
    path("evaluation/", evaluation.EvaluationCouncilList.as_view(), name="evaluation-councils"),
    path("evaluation/mine/", evaluation.AssignmentMine.as_view(), name="assignment-mine"),
    path("evaluation/assignments/<int:pk>/score/", evaluation.ScoreSheetCreate.as_view(), name="score-sheet"),
    path("evaluation/councils/<int:pk>/", evaluation.EvaluationCouncil.as_view(), name="evaluation-council"),
    path("evaluation/councils/<int:pk>/assign/", evaluation.EvaluationAssign.as_view(), name="evaluation-assign"),
    path("evaluation/councils/<int:pk>/form/", evaluation.ScoringFormUpdate.as_view(), name="evaluation-form"),
    path("evaluation/councils/<int:pk>/progress/", evaluation.EvaluationProgress.as_view(), name="evaluation-progress"),
    path("evaluation/councils/<int:pk>/remind/", evaluation.EvaluationRemind.as_view(), name="evaluation-remind"),
    # decisions.py: the recognition decision
    path("evaluation/councils/<int:pk>/decisions/new/", decisions.DecisionCreate.as_view(), name="decision-create"),
    path("decisions/<int:pk>/", decisions.DecisionDetail.as_view(), name="decision-detail"),
    path("decisions/<int:pk>/issue/", decisions.DecisionIssue.as_view(), name="decision-issue"),
    path("decisions/<int:pk>/pdf/", decisions.DecisionPdf.as_view(), name="decision-pdf"),
    path("decisions/<int:pk>/delete/", decisions.DecisionDelete.as_view(), name="decision-delete"),
]
