"""Django's live server on the test's own database connections, for the browser tests (tests/e2e)
and the app behind Varnish (tests/varnish): what a test wrote inside its transaction is what the
server answers, and it is rolled back afterwards like any TestCase's, with no flush."""

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler, _MediaFilesHandler


class SharedConnectionServerThread(LiveServerThread):
    """A non-threaded server (one request at a time, each connection closed after its answer);
    a subclass's ``wrap(app)`` puts its own rule around the app (serialise, record)."""

    def wrap(self, app):
        return app

    def _create_server(self, connections_override=None):
        return WSGIServer((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)

    def run(self):
        # LiveServerThread.run, without closing the connections it borrowed when it stops.
        for alias, connection in self.connections_override.items():
            connections[alias] = connection
        try:
            self.httpd = self._create_server()
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(self.wrap(self.static_handler(_MediaFilesHandler(WSGIHandler()))))
            self.is_ready.set()
            self.httpd.serve_forever()
        except Exception as error:  # handed to the test's thread, which raises it
            self.error = error
            self.is_ready.set()


def start_on_shared_connections(test_class, thread_class, host):
    """Start ``thread_class`` (a SharedConnectionServerThread) for ``test_class`` on the test's own
    connections, stopped by the class's cleanups.

    While the class runs, nothing closes those connections between requests: Django's
    ``close_old_connections`` closes a connection found inside a transaction, and the test client
    connects it again to ``request_finished`` after each of its own requests, so a server request
    ending at that moment closed the test's transaction (PostgreSQL: "connection already closed").
    """
    shared = {connection.alias: connection for connection in connections.all()}
    for connection in shared.values():
        connection.inc_thread_sharing()
        test_class.addClassCleanup(connection.dec_thread_sharing)
        connection.close_if_unusable_or_obsolete = _kept_open
        test_class.addClassCleanup(delattr, connection, "close_if_unusable_or_obsolete")
    thread = thread_class(host, StaticFilesHandler, connections_override=shared)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    test_class.addClassCleanup(thread.terminate)
    if thread.error:
        raise thread.error
    return thread


def _kept_open():
    """Stands in for ``close_if_unusable_or_obsolete`` on a connection shared with a live server."""
