"""Where library files live: a private folder outside MEDIA_ROOT, with no public URL.

`url()` refuses (there is no base URL to guess): pages link to the library's file view
(library.views.resource_file), which serves a file only to those the access policy lets read the resource,
and answers 404 to everyone else. The folder is read from the setting on every use, so a host site (or a
test) may move it.
"""

import os

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from library import app_settings


@deconstructible(path="library.storage.PrivateLibraryStorage")
class PrivateLibraryStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(app_settings.private_media_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Library files have no public address; link to the resource's file view.")


private_storage = PrivateLibraryStorage()
