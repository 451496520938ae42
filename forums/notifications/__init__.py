"""Following and notifications: hook handlers, reads, unsubscribe tokens and the header's unread count."""
