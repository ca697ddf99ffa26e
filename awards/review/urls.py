"""Step 4: the office's review of the TDP dossiers (list, dossier, acts, audit, R10)."""

from django.urls import path

from awards.review import views as views_review

urlpatterns = [
    path("review/", views_review.review_list, name="review_list"),
    path(
        "review/<int:phase_id>/bulk-approve/",
        views_review.review_bulk_approve,
        name="review_bulk_approve",
    ),
    path("review/<int:phase_id>/freeze/", views_review.review_freeze, name="review_freeze"),
    path("review/<int:phase_id>/unfreeze/", views_review.review_unfreeze, name="review_unfreeze"),
    path(
        "review/<int:phase_id>/reopen-window/",
        views_review.review_reopen_window,
        name="review_reopen_window_all",
    ),
    path(
        "review/<int:phase_id>/tdp/<int:tdp_id>/",
        views_review.review_dossier,
        name="review_dossier",
    ),
    path(
        "review/<int:phase_id>/tdp/<int:tdp_id>/windows/",
        views_review.review_dossier_windows,
        name="review_dossier_windows",
    ),
    path(
        "review/<int:phase_id>/tdp/<int:tdp_id>/return/",
        views_review.review_return,
        name="review_return",
    ),
    path(
        "review/<int:phase_id>/tdp/<int:tdp_id>/approve/",
        views_review.review_approve,
        name="review_approve",
    ),
    path(
        "review/<int:phase_id>/tdp/<int:tdp_id>/reopen/",
        views_review.review_reopen,
        name="review_reopen",
    ),
    path(
        "review/<int:phase_id>/tdp/<int:tdp_id>/reopen-window/",
        views_review.review_reopen_window,
        name="review_reopen_window",
    ),
    path(
        "review/<int:phase_id>/tdp/<int:tdp_id>/audit/",
        views_review.review_audit,
        name="review_audit",
    ),
    path(
        "review/<int:phase_id>/resident/<int:resident_id>/correct/",
        views_review.review_correct,
        name="review_correct",
    ),
]
