"""Oversize uploads are refused while they stream in (issue 18: a 200 MB upload was read whole
before the size check refused it), for imports and evidence, web and API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse
from rest_framework.test import APIClient

from groundbreak.imports.models import ImportRecord

LIMIT = 100_000
BIG = b"x" * (3 * 2**20)  # 3 MB: past the limit, and past what Django keeps in memory


@pytest.fixture
def kept(settings, monkeypatch):
    """Small limits, and the bytes that reach the temporary file Django keeps a large upload in."""
    settings.IMPORT_MAX_BYTES = settings.REPORT_UPLOAD_MAX_BYTES = LIMIT
    received = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        received.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
    return received


def test_an_oversize_import_is_refused_on_the_page_and_not_kept(client, hongta_user, hongta, kept):
    client.force_login(hongta_user)
    response = client.post(
        reverse("imports:import_list"),
        {"kind": "projects", "region": hongta.pk, "file": SimpleUploadedFile("big.xlsx", BIG)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "big.xlsx" in response.content.decode()
    assert sum(kept) <= LIMIT and not ImportRecord.objects.exists()


def test_an_oversize_import_is_refused_by_the_api(hongta_user, hongta, kept):
    client = APIClient()
    client.force_authenticate(hongta_user)
    response = client.post(
        "/api/imports/",
        {"kind": "projects", "region": "530402", "file": SimpleUploadedFile("big.xlsx", BIG)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "big." in str(response.json())
    assert sum(kept) <= LIMIT and not ImportRecord.objects.exists()


def test_oversize_evidence_is_refused_on_the_page_and_by_the_api(
    client, make_project, owner_user, kept
):
    from groundbreak.projects.choices import Stage
    from groundbreak.reporting.models import ReportingPeriod
    from groundbreak.reporting.tests.helpers import fill

    march = next(p for p in ReportingPeriod.periods_for_year(2020) if p.last_month == 3)
    project = make_project("530402", stage=Stage.NEW_START)
    report = fill(project, march, owner_user, 100)
    client.force_login(owner_user)
    client.post(
        reverse("reporting:report_attach", args=[report.pk]),
        {"kind": "photo", "file": SimpleUploadedFile("big.jpg", BIG)},
    )
    assert sum(kept) <= LIMIT and not report.attachments.exists()
    kept.clear()
    api = APIClient()
    api.force_authenticate(owner_user)
    response = api.post(
        f"/api/reports/{report.pk}/attachments/",
        {"kind": "photo", "file": SimpleUploadedFile("big.jpg", BIG)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "big." in str(response.json())
    assert sum(kept) <= LIMIT and not report.attachments.exists()
