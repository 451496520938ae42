"""The commitments' own pages (the public register and its commitment pages are routes of
CommitmentRegisterPage). Include without a prefix: the addresses are the ones the site has always had."""

from django.urls import path

from commitments.views import editing, review

urlpatterns = [
    path("commitments/mine/", editing.my_commitments, name="commitment_mine"),
    path("commitments/new/", editing.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/edit/", editing.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/submit/", editing.commitment_submit, name="commitment_submit"),
    path("commitments/<int:pk>/updates/new/", editing.update_create, name="commitment_update_create"),
    path("commitments/updates/<int:pk>/edit/", editing.update_edit, name="commitment_update_edit"),
    path("commitments/updates/<int:pk>/submit/", editing.update_submit, name="commitment_update_submit"),
    path("commitments/review/", review.review_queue, name="commitment_review"),
    path(
        "commitments/review/<str:kind>/<int:pk>/<str:decision>/",
        review.review_decide,
        name="commitment_review_decide",
    ),
]
