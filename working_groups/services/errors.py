"""Errors services raise; views show their message to the person and change nothing."""


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
