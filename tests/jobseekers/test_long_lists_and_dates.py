"""Forms people can finish: dates typed as day, month and year that are never misread
(``reference.widgets.SplitDateField``), and the 60 accommodations in closed groups by functional
domain with a filter that works without JavaScript (``reference.widgets.GroupedCheckboxes``)."""

from __future__ import annotations

import copy
import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from assessments.forms import ReassessForm, ScheduleForm
from cities.forms import CityProfileForm
from cities.tenancy import city_context
from employers.forms import EmployerServiceForm, QuotaReportForm, VacancyForm
from jobseekers.filters import CaseloadFilter
from jobseekers.forms import AssistedRegistrationForm, CaseForm, IdentityForm, NoteForm
from jobseekers.models import JobSeeker
from notifications.forms import CallLogForm
from placements.forms import InterviewForm, PlacementForm
from reference.models import AccommodationType
from reference.widgets import SplitDateField, SplitDateTimeField

pytestmark = pytest.mark.django_db

AUGUST_17 = datetime.date(1995, 8, 17)


def date_fields():
    """Every date field of the portal's HTML forms (the API and the imports keep their own formats)."""
    classes = [IdentityForm, AssistedRegistrationForm, CaseForm, NoteForm, QuotaReportForm, VacancyForm]
    classes += [EmployerServiceForm, ScheduleForm, ReassessForm, PlacementForm, CityProfileForm, InterviewForm]
    classes += [CallLogForm]
    found = []
    for form_class in classes:
        fields = form_class.base_fields
        found += [(f"{form_class.__name__}.{name}", field) for name, field in fields.items()]
    # A filter builds its form field once and keeps it: build them on copies, never on the class's own
    # filters, or every later caseload page would share these fields.
    found += [(f"CaseloadFilter.{name}", copy.deepcopy(f).field) for name, f in CaseloadFilter.base_filters.items()]
    dates = [(name, field) for name, field in found if type(field) is SplitDateField]
    others = [name for name, field in found if field.__class__.__name__ in ("DateField", "DateTimeField")]
    return dates, others


def test_every_date_field_is_three_boxes_and_never_reinterprets_a_typed_date():
    dates, others = date_fields()
    assert len(dates) == 16 and others == []  # no single date (or date-and-time) control is left
    for language in ("id", "en"):
        with translation.override(language):
            for name, field in dates:  # how the typed text is read (each field's own range rules aside)
                assert field.compress(["17/08/1995", "", ""]) == AUGUST_17, name  # day first, as the hint
                assert field.compress(["17", "8", "1995"]) == AUGUST_17, name
                assert field.compress(["1995-08-17", "", ""]) == AUGUST_17, name  # ISO, as a link sends it
                for typed in (["08/17/1995", "", ""], ["8", "17", "1995"]):
                    with pytest.raises(ValidationError) as refused:
                        field.compress(typed)
                    assert "1" in str(refused.value.messages) and "12" in str(refused.value.messages), name


def test_each_error_names_the_part_that_is_wrong():
    field = IdentityForm.base_fields["birth_date"]
    with translation.override("id"):
        for typed, message in (
            (["17", "", "1995"], "Tanggal lahir harus mencakup bulan."),
            (["17", "8", "95"], "Tahun harus 4 angka"),
            (["31", "2", "1990"], "31 Februari 1990 tidak ada"),
        ):
            with pytest.raises(ValidationError) as refused:
                field.clean(typed)
            assert message in refused.value.messages[0], refused.value.messages


def test_the_birth_date_boxes_are_labelled_and_autofill_the_birthday(client, job_seeker_user):
    client.force_login(job_seeker_user)
    html = client.get(reverse("jobseekers:my-profile-step", kwargs={"step": 1})).content.decode()
    assert 'type="date"' not in html
    for index, part in enumerate(("day", "month", "year")):
        box = re.search(rf'<input[^>]*name="birth_date_{index}"[^>]*>', html).group(0)
        assert 'inputmode="numeric"' in box and f'autocomplete="bday-{part}"' in box
        assert f'for="id_birth_date_{index}"' in html
    assert "<legend" in html and "17 8 1995" in html


def test_a_birth_date_typed_as_the_hint_says_is_saved_as_that_date(client, city_a, job_seeker_user):
    client.force_login(job_seeker_user)
    url = reverse("jobseekers:my-profile-step", kwargs={"step": 1})
    base = {"name": "Rina Pencari", "language": "id", "finish_later": ""}
    refused = client.post(url, {**base, "birth_date_0": "31", "birth_date_1": "2", "birth_date_2": "1990"})
    assert refused.status_code == 200 and "birth_date" in refused.context["form"].errors
    assert "nik" not in refused.context["form"].errors
    saved = client.post(url, {**base, "birth_date_0": "17/08/1995", "birth_date_1": "", "birth_date_2": ""})
    assert saved.status_code == 302
    with city_context(city_a):
        assert JobSeeker.objects.get(user=job_seeker_user).birth_date == AUGUST_17


ACCOMMODATIONS = [
    ("ACC-001", "seeing", "Perangkat lunak pembaca layar", "Screen-reader software"),
    ("ACC-002", "seeing", "Kaca pembesar untuk dokumen", "Magnifier for documents"),
    ("ACC-003", "hearing", "Juru bahasa isyarat", "Sign-language interpreter"),
    ("ACC-004", "cognition", "Instruksi tertulis langkah demi langkah", "Written step-by-step instructions"),
    ("ACC-005", "", "Jam kerja fleksibel", "Flexible hours"),
]


@pytest.fixture(autouse=True)
def accommodations(db):
    """Five accommodations in four groups: seeing, hearing, cognition and every kind of disability."""
    for code, domain, text_id, text_en in ACCOMMODATIONS:
        AccommodationType.objects.update_or_create(
            code=code,
            defaults={
                "limitation": "test",
                "wg_domain": domain,
                "text_id": text_id,
                "text_en": text_en,
                "type": AccommodationType.Type.values[0],
                "cost_level": AccommodationType.CostLevel.values[0],
                "source": "test",
            },
        )
    return AccommodationType.objects.order_by("code")


def accommodation_codes(*codes) -> list[int]:
    return list(AccommodationType.objects.filter(code__in=codes).order_by("code").values_list("pk", flat=True))


def test_the_accommodations_are_in_closed_groups_by_functional_domain(client, city_a, job_seeker_user):
    client.force_login(job_seeker_user)
    url = reverse("jobseekers:my-profile-step", kwargs={"step": 4})
    html = client.get(url).content.decode()
    # Four accommodation groups, and the ragam, devices and communication lists folded into one each.
    assert html.count("<details") == 4 + 3 and "data-choice-group open" not in html
    assert html.count('type="checkbox" name="accommodations"') == AccommodationType.objects.count()
    seeing = accommodation_codes("ACC-001")
    assert client.post(url, {"accommodations": seeing, "finish_later": ""}).status_code == 302
    html = client.get(url).content.decode()
    assert "data-choice-group open" not in html  # still closed (one Tab): its summary counts the choice
    assert "<span data-choice-count>1</span>" in html


def test_the_filter_works_without_javascript_and_keeps_the_choices(client, city_a, job_seeker_user):
    client.force_login(job_seeker_user)
    url = reverse("jobseekers:my-profile-step", kwargs={"step": 4})
    with city_context(city_a):
        hidden_one = AccommodationType.objects.get(code="ACC-005")
    chosen = [*accommodation_codes("ACC-001"), hidden_one.pk]
    response = client.post(
        url, {"accommodations": chosen, "accommodations_filter": "layar", "accommodations_filter_go": "1"}
    )
    assert response.status_code == 200 and not response.context["form"].errors  # shown again, not saved
    html = response.content.decode()
    assert f'<input type="hidden" name="accommodations" value="{hidden_one.pk}">' in html
    shown = html.count('type="checkbox" name="accommodations"')
    assert shown == 1 and "Perangkat lunak pembaca layar" in html and "Kaca pembesar" not in html
    with city_context(city_a):
        assert not JobSeeker.objects.get(user=job_seeker_user).accommodations.exists()
    # Saving from the filtered page keeps the choice that was not shown.
    assert client.post(url, {"accommodations": chosen, "finish_later": ""}).status_code == 302
    with city_context(city_a):
        assert set(JobSeeker.objects.get(user=job_seeker_user).accommodations.values_list("pk", flat=True)) == set(
            chosen
        )


def test_the_job_board_filter_groups_the_accommodations(client, city_a):
    html = client.get(reverse("employers:board")).content.decode()
    assert html.count("<optgroup") == 4
    assert html.index('<optgroup label="Melihat"') < html.index("Perangkat lunak pembaca layar")


def test_a_date_and_time_is_three_date_boxes_and_a_time_box():
    field = InterviewForm.base_fields["starts_at"]
    assert isinstance(field, SplitDateTimeField) and isinstance(
        CallLogForm.base_fields["called_at"], SplitDateTimeField
    )
    with translation.override("id"):
        for typed in (["17", "8", "1995", "09.30"], ["17/08/1995", "", "", "9:30"], ["1995-08-17", "", "", "09:30"]):
            value = field.clean(typed)
            assert (value.date(), value.hour, value.minute) == (AUGUST_17, 9, 30), typed
        for typed, message in (
            (["08/17/1995", "", "", "09.30"], "Bulan harus berupa angka 1 sampai 12."),
            (["17", "8", "1995", ""], "harus mencakup waktu"),
            (["17", "8", "1995", "25.00"], "09.30"),
        ):
            with pytest.raises(ValidationError) as refused:
                field.clean(typed)
            assert message in refused.value.messages[0], refused.value.messages
