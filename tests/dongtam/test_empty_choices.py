"""Drop-downs say what to choose: no form of the project shows Django's "---------" (issue 10,
item 4). Every form class of the project's apps is found, built (with the arguments its
constructor asks for) and rendered."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

from dongtam.forms import DJANGO_EMPTY, empty_choice
from scoring.models import Phase

APPS = ("households", "scoring", "awards", "dongtam")


def project_form_classes():
    classes = []
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, app + "."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                own = issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
                if own and cls.__name__[0] != "_":
                    classes.append(cls)
    return classes


def build(cls, values):
    params = inspect.signature(cls.__init__).parameters
    kwargs = {}
    args = []
    for name, p in list(params.items())[1:]:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty:
            if name in values and p.kind == p.KEYWORD_ONLY:
                kwargs[name] = values[name]
            continue
        if p.kind == p.KEYWORD_ONLY:
            kwargs[name] = values[name]
        else:
            args.append(values[name])
    return cls(*args, **kwargs)


def test_the_scan_finds_the_forms():
    names = {c.__name__ for c in project_form_classes()}
    assert {"NominationForm", "WardTargetForm", "ReopenWindowForm", "PrintCertificatesForm"} <= (
        names
    )


def test_no_form_shows_djangos_empty_choice(admin_user, ward, campaign, phase1):
    values = {
        "user": admin_user,
        "ward": ward,
        "campaign": campaign,
        "phase": phase1,
        "phases": Phase.objects.all(),
        "data": None,
        "lines": [],
        "choices": (),
        "years": [2022],
        "numbers": [1, 2],
    }
    offenders = []
    for cls in project_form_classes():
        try:
            form = build(cls, values)
        except KeyError as exc:  # a constructor argument this scan does not know yet
            pytest.fail(f"{cls.__module__}.{cls.__name__}: unknown argument {exc}")
        if DJANGO_EMPTY in str(form):
            offenders.append(f"{cls.__module__}.{cls.__name__}")
    assert not offenders


def test_the_empty_choice_names_what_to_choose(ward):
    from awards.proposals.forms import NominationForm

    form = NominationForm(ward=ward)
    assert form.fields["tdp"].empty_label == empty_choice("tổ dân phố") == "— chọn tổ dân phố —"
    assert ("", "— chọn ông / bà —") in form.fields["recipient_sex"].choices
