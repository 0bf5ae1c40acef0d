"""The private bucket's backend (issue 17, part 4): readers' attachments have no address.

Kept apart from ``site_kb.storage`` (read by the settings): this module imports boto3 through
django-storages, only when ``STORAGES["private"]`` is first used.
"""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """S3 on the private bucket, with no URL for any file: a reader's attachment may hold personal
    data (Điều 14), so no template or admin page can hand out a link (not even a signed one, which
    anyone holding it could open until it expires). feedback's ``download_attachment`` checks the
    permission and streams the file from here."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        # Django's FileSystemStorage with ``base_url=None`` (the private storage on disk) raises
        # the same ValueError: both configurations refuse a link the same way.
        raise ValueError("This file is not accessible via a URL.")
