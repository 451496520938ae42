"""Live delivery over Channels: every thread updates live, and a session's thread is its live room.

Persist first, broadcast second: services write through forums.services, and forums.live.broadcast tells the
channel layer only after the transaction commits. The layer carries ids, never content: each connection reads
what changed from the database for its own reader (so the Chatham House Rule and the access policy hold) and
sends every post it has not sent yet, in sequence order, so a dropped layer message leaves no gap.
"""
