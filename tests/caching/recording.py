"""Frontend-cache backends for the tests: real Wagtail backends (configured through
WAGTAILFRONTENDCACHE, called by site_kb.cache_tags' task) that record what they are asked to purge,
or fail as an unreachable Varnish would."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED = []  # one list of tags per purge_tags call


class RecordingBackend(BaseBackend):
    def purge(self, url):
        raise AssertionError(f"a URL purge ({url}) where tags were expected")

    def purge_tags(self, tags):
        PURGED.append(sorted(tags))


class FailingBackend(BaseBackend):
    def purge(self, url):
        raise ConnectionError("Varnish is unreachable")

    def purge_tags(self, tags):
        raise ConnectionError("Varnish is unreachable")


RECORDING = {"recording": {"BACKEND": "tests.caching.recording.RecordingBackend"}}
FAILING_THEN_RECORDING = {
    "failing": {"BACKEND": "tests.caching.recording.FailingBackend"},
    **RECORDING,
}
