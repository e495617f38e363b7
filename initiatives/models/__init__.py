"""The models of ``initiatives``, one module per subject, re-exported so app labels and migrations stay."""

from .decisions import DecisionEntry, RecognitionDecision
from .evaluation import Assignment, Criterion, CriterionLevel, EvaluationReminder, ScoreItem, ScoreSheet, ScoringForm
from .initiatives import (
    Field,
    Initiative,
    InitiativeAttachment,
    InitiativeAuthor,
    InitiativeLog,
    InitiativeParticipant,
    InitiativeUse,
)

__all__ = [
    "Assignment",
    "Criterion",
    "CriterionLevel",
    "DecisionEntry",
    "EvaluationReminder",
    "Field",
    "Initiative",
    "InitiativeAttachment",
    "InitiativeAuthor",
    "InitiativeLog",
    "InitiativeParticipant",
    "InitiativeUse",
    "RecognitionDecision",
    "ScoreItem",
    "ScoreSheet",
    "ScoringForm",
]
