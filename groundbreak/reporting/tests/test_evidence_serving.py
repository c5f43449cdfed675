"""Evidence files are served to those who may see the report: photos shown in the page, PDF
vouchers downloaded (a PDF opened inline runs in the site's origin)."""

from django.urls import reverse

from groundbreak.reporting import services
from groundbreak.reporting.models import AttachmentKind
from groundbreak.reporting.tests.helpers import fill, jpeg

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_pdf_voucher_is_served_as_a_download_and_a_photo_inline(
    client, project, periods, owner_user
):
    report = fill(project, periods[3], owner_user, 100)
    voucher = services.attach_evidence(
        report, by=owner_user, kind=AttachmentKind.VOUCHER, content=PDF, name="发票.pdf"
    )
    photo = services.attach_evidence(
        report, by=owner_user, kind=AttachmentKind.PHOTO, content=jpeg(), name="现场.jpg"
    )
    client.force_login(owner_user)
    pdf = client.get(reverse("reporting:attachment", args=[voucher.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert (
        pdf["Content-Disposition"].startswith("attachment;")
        and ".pdf" in pdf["Content-Disposition"]
    )
    assert pdf["X-Content-Type-Options"] == "nosniff"
    image = client.get(reverse("reporting:attachment", args=[photo.pk]))
    assert image.status_code == 200 and image["Content-Disposition"] == "inline"
