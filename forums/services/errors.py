"""Errors services raise; views show their message to the person and change nothing."""


class ForumError(Exception):
    """An action was refused; `str(error)` is a clear, translated message for the person who tried."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(ForumError):
    """The actor may not do this here (not a member, thread locked or closed, not their post)."""


class InvalidPost(ForumError):
    """The text or the files of a post cannot be accepted (empty, too long, wrong file type)."""


class RateLimited(ForumError):
    """Too many posts, threads or flags for now (a new account's limit, or cms.ratelimits); `retry_after`
    is the seconds to wait when known. Views answer it with HTTP 429 and keep the person's text."""

    def __init__(self, message, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
