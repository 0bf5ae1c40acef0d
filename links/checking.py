"""Whether a link directory address still answers (Điều 7: the links to other websites must lead
somewhere). Used by ``manage.py check_links``; no database access, so it runs in worker threads."""

import dataclasses
import socket

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

import requests
from urllib3.exceptions import LocationParseError, NameResolutionError

# Some sites answer scripts with 403; look like the browsers readers use.
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)
HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi,en;q=0.8",
}

OK = "ok"
REDIRECTED = "redirected"
HTTP_ERROR = "http_error"
TIMEOUT = "timeout"
DNS_ERROR = "dns_error"
CONNECTION_ERROR = "connection_error"
TOO_MANY_REDIRECTS = "too_many_redirects"
INVALID_URL = "invalid_url"

HEALTHY = {OK, REDIRECTED}

OUTCOME_LABELS = {
    OK: _("Hoạt động"),
    REDIRECTED: _("Chuyển hướng"),
    HTTP_ERROR: _("Lỗi HTTP"),
    TIMEOUT: _("Quá thời gian chờ"),
    DNS_ERROR: _("Lỗi tên miền"),
    CONNECTION_ERROR: _("Lỗi kết nối"),
    TOO_MANY_REDIRECTS: _("Chuyển hướng vòng"),
    INVALID_URL: _("Địa chỉ sai"),
}


@dataclasses.dataclass(frozen=True)
class CheckResult:
    outcome: str
    status_code: int | None = None
    final_url: str = ""
    detail: str = ""

    @property
    def broken(self):
        return self.outcome not in HEALTHY

    @property
    def label(self):
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def summary(self):
        """Short Vietnamese text stored on the link (ExternalLink.last_status)."""
        if self.outcome == OK:
            text = _("Hoạt động (HTTP %(code)d)") % {"code": self.status_code}
        elif self.outcome == REDIRECTED:
            text = _("Chuyển hướng tới %(url)s (HTTP %(code)d)") % {
                "url": self.final_url,
                "code": self.status_code,
            }
        elif self.outcome == HTTP_ERROR:
            text = _("Lỗi HTTP %(code)d") % {"code": self.status_code}
            if self.final_url:
                text = _("%(error)s tại %(url)s") % {"error": text, "url": self.final_url}
        elif self.outcome == TIMEOUT:
            text = _("Quá thời gian chờ (%(seconds)s giây)") % {"seconds": self.detail}
        elif self.outcome == DNS_ERROR:
            text = _("Không tìm thấy tên miền (lỗi DNS)")
        elif self.outcome == CONNECTION_ERROR:
            text = _("Không kết nối được: %(detail)s") % {"detail": self.detail}
        elif self.outcome == TOO_MANY_REDIRECTS:
            text = _("Chuyển hướng quá nhiều lần (vòng lặp)")
        else:
            text = _("Địa chỉ không hợp lệ")
        return str(text)[:255]


def _is_dns_failure(error):
    """True when the name did not resolve, wherever urllib3 buried the cause."""
    seen, pending = set(), [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (NameResolutionError, socket.gaierror)):
            return True
        if isinstance(current, BaseException):
            pending.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
            pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return False


def _request(method, url, timeout):
    response = requests.request(
        method, url, headers=HEADERS, timeout=timeout, allow_redirects=True, stream=True
    )
    response.close()  # only the status line and headers are needed
    return response


def check_url(url, timeout=10):
    """HEAD the address, following redirects; try GET when HEAD is refused or fails with an
    HTTP error (many servers answer HEAD with 403, 404 or 405). Never raises."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return CheckResult(INVALID_URL)
    try:
        response = _request("HEAD", url, timeout)
        if response.status_code >= 400:
            response = _request("GET", url, timeout)
    except requests.exceptions.Timeout:
        return CheckResult(TIMEOUT, detail=f"{timeout:g}")
    except requests.exceptions.TooManyRedirects:
        return CheckResult(TOO_MANY_REDIRECTS)
    except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, LocationParseError):
        return CheckResult(INVALID_URL)
    except requests.exceptions.SSLError:
        return CheckResult(CONNECTION_ERROR, detail=str(_("lỗi chứng chỉ SSL")))
    except requests.exceptions.ConnectionError as error:
        if _is_dns_failure(error):
            return CheckResult(DNS_ERROR)
        return CheckResult(CONNECTION_ERROR, detail=str(_("máy chủ không trả lời")))
    except requests.exceptions.RequestException as error:
        return CheckResult(CONNECTION_ERROR, detail=type(error).__name__)

    redirected = bool(response.history) and response.url.rstrip("/") != url.rstrip("/")
    final_url = response.url if redirected else ""
    if response.status_code >= 400:
        return CheckResult(HTTP_ERROR, response.status_code, final_url)
    if redirected:
        return CheckResult(REDIRECTED, response.status_code, final_url)
    return CheckResult(OK, response.status_code)
