"""Recordings of past events: the privacy-friendly player rules live in `cms.recordings`, where every app
(events, the library) can use them without importing each other."""

from cms.recordings import Recording, embed_url_for, recording_for

__all__ = ["Recording", "embed_url_for", "recording_for"]
