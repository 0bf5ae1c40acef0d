"""The axes backend, first in ``AUTHENTICATION_BACKENDS``: a locked-out login is refused unchecked."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied


class LoginProtectionBackend(AxesStandaloneBackend):
    """Axes' check for every login made through a web request.

    ``authenticate()`` without a request is not a login from the web (a management command, the
    test client's ``login()``): it has no address to count or lock, and axes would raise instead
    of answering. Those calls go on to the password check; every login form passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            # Refused while already locked out: this attempt is not a new lockout (accounts.audit).
            request.accounts_refused_while_locked = True
            raise
