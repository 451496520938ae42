"""Errors services raise; views show their message to the person and change nothing."""

from cms import ratelimits


class MembershipError(Exception):
    """An action was refused; `str(error)` is a clear, translated message for the person who tried."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(MembershipError):
    """The actor may not do this (e.g. a non-chair approving a request)."""


class InvalidInvitation(MembershipError):
    """The invitation token is unknown, expired, revoked or already used."""


class RateLimited(MembershipError):
    """Too many invitations or join requests for now (cms.ratelimits); views answer HTTP 429."""

    def __init__(self, message, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def check_rate(scope: str, user) -> None:
    """Count one attempt at `scope` by `user`; RateLimited when over the limit."""
    try:
        ratelimits.hit(scope, user=user)
    except ratelimits.RateLimitExceeded as error:
        raise RateLimited(error.message, error.retry_after) from error
