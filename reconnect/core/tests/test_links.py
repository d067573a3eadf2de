"""Every template's {% url %} remembers an address that takes no arguments, and gives what
Django's own tag gives: under a script prefix, with arguments, `as` a variable, for a name that
does not exist, and after the URL configuration changes."""

from __future__ import annotations

import sys
import types

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse, set_script_prefix

from reconnect.core.templatetags import links


def render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture(autouse=True)
def fresh():
    links.forget_addresses()
    yield
    set_script_prefix("/")
    links.forget_addresses()


def test_every_template_uses_the_remembering_tag_and_gives_reverses_answer():
    assert render("{% url 'core:crisis' %}") == reverse("core:crisis")
    assert render("{% url 'core:crisis' %}") == reverse("core:crisis")  # the remembered one
    assert len(links._addresses) == 1


def test_a_script_prefix_gives_its_own_address():
    plain = render("{% url 'core:crisis' %}")
    set_script_prefix("/care/")
    assert render("{% url 'core:crisis' %}") == "/care" + plain
    set_script_prefix("/")
    assert render("{% url 'core:crisis' %}") == plain


def test_an_address_with_arguments_is_worked_out_each_time_and_never_kept():
    shown = render("{% url 'radar:timeline' client_id=n %}", n=7)
    assert shown == reverse("radar:timeline", kwargs={"client_id": 7})
    assert render("{% url 'radar:timeline' n %}", n=8) == reverse("radar:timeline", args=[8])
    assert links._addresses == {}


def test_as_a_variable_and_a_name_that_does_not_exist_behave_as_djangos_tag():
    assert render("{% url 'core:crisis' as there %}[{{ there }}]") == f"[{reverse('core:crisis')}]"
    assert render("{% url 'no:such' as there %}[{{ there }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no:such' %}")
    assert list(links._addresses) == [("core:crisis", None, None, "/")]


def test_a_new_url_configuration_gives_new_addresses(monkeypatch):
    before = render("{% url 'core:crisis' %}")
    moved = types.ModuleType("moved_urls")
    moved.urlpatterns = [path("elsewhere/crisis/", lambda r: None, name="crisis")]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "moved_urls", moved)
    with override_settings(ROOT_URLCONF="moved_urls"):
        assert render("{% url 'crisis' %}") == "/elsewhere/crisis/"
    assert render("{% url 'core:crisis' %}") == before


def test_the_addresses_kept_stay_few_whatever_prefixes_arrive():
    for n in range(links.MOST + 10):
        set_script_prefix(f"/p{n}/")
        render("{% url 'core:crisis' %}")
    assert len(links._addresses) <= links.MOST
