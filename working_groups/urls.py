from django.urls import path

from working_groups.views.invitations import invitation_accept
from working_groups.views.parties import party_detail, party_list
from working_groups.views.profile import profile_edit, profile_gender_withdraw_view

urlpatterns = [
    path("account/profile/", profile_edit, name="profile"),
    path("account/profile/gender/withdraw/", profile_gender_withdraw_view, name="profile_gender_withdraw"),
    path("parties/", party_list, name="party_list"),
    path("parties/<slug:slug>/", party_detail, name="party_detail"),
    path("invitations/<str:token>/", invitation_accept, name="invitation_accept"),
]
