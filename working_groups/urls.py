from django.urls import path

from working_groups.views import commitments, commitments_review
from working_groups.views.invitations import invitation_accept
from working_groups.views.parties import party_detail, party_list
from working_groups.views.privacy import account_delete, privacy_download, privacy_overview
from working_groups.views.profile import profile_edit, profile_gender_withdraw_view

urlpatterns = [
    path("account/profile/", profile_edit, name="profile"),
    path("account/profile/gender/withdraw/", profile_gender_withdraw_view, name="profile_gender_withdraw"),
    path("account/data/", privacy_overview, name="privacy_overview"),
    path("account/data/download/", privacy_download, name="privacy_download"),
    path("account/delete/", account_delete, name="account_delete"),
    path("parties/", party_list, name="party_list"),
    path("parties/<slug:slug>/", party_detail, name="party_detail"),
    path("invitations/<str:token>/", invitation_accept, name="invitation_accept"),
    path("commitments/mine/", commitments.my_commitments, name="commitment_mine"),
    path("commitments/new/", commitments.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/edit/", commitments.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/submit/", commitments.commitment_submit, name="commitment_submit"),
    path("commitments/<int:pk>/updates/new/", commitments.update_create, name="commitment_update_create"),
    path("commitments/updates/<int:pk>/edit/", commitments.update_edit, name="commitment_update_edit"),
    path("commitments/updates/<int:pk>/submit/", commitments.update_submit, name="commitment_update_submit"),
    path("commitments/review/", commitments_review.review_queue, name="commitment_review"),
    path(
        "commitments/review/<str:kind>/<int:pk>/<str:decision>/",
        commitments_review.review_decide,
        name="commitment_review_decide",
    ),
]
