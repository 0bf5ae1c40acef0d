"""Shared set-up of the accounts tests: the roles, one school and an account of each kind."""

from django.urls import reverse

from editorial.models import SchoolAccess
from editorial.roles import setup_roles

from ..builders import make_school, make_site, make_user

LOGIN_URL = reverse("wagtailadmin_login")


def make_people():
    _home, sections = make_site()
    school = make_school(sections["schools"], 1)
    groups = setup_roles()
    access = SchoolAccess.objects.get(school=school)
    return {
        "it_officer": make_user("quantri_t", groups["it_officer"]),
        "board": make_user("bientap_t", groups["board"]),
        "leader": make_user("lanhdao_t", groups["leadership"]),
        "contact": make_user("daumoi_t", access.contact_group),
        "teacher": make_user("giaovien_t", access.contact_group),
        "groups": groups,
        "contact_group": access.contact_group,
    }


def post_login(client, username, password, address="198.51.100.7", **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in_as(client):
    return client.session.get("_auth_user_id")
