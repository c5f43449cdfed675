"""Evidence (佐证材料): files judged by their content, the date and place a camera wrote, the
thumbnail and stored file, the flags a reviewer sees, and the rule that a large period needs
evidence before it is handed in or approved."""

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image, features

from groundbreak.projects.choices import Stage
from groundbreak.reporting import services
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.evidence import attachment_flags, read_evidence
from groundbreak.reporting.models import AttachmentKind, ReportAttachment
from groundbreak.reporting.tests.helpers import fill, jpeg

D = Decimal
YUXI = (D("24.350000"), D("102.540000"))
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def picture(image_format, size=(640, 400)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 150)).save(buffer, image_format)
    return buffer.getvalue()


def local(*parts):
    return timezone.make_aware(datetime(*parts))


def message_of(error):
    return " ".join(error.value.messages)


@pytest.fixture
def project(make_project):
    """红塔区, started 25 Feb 2020, 12,000万 total, 3,000万 planned for 2020, sited in Yuxi."""
    return make_project("530402", stage=Stage.NEW_START, latitude=YUXI[0], longitude=YUXI[1])


def attach(report, by, content, kind=AttachmentKind.PHOTO, name="现场照片.jpg"):
    return services.attach_evidence(report, by=by, kind=kind, content=content, name=name)


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- reading an upload ---------------------------------------------------------------------


def test_a_jpeg_gives_its_date_and_place_and_a_small_thumbnail(db):
    evidence = read_evidence(
        jpeg(taken="2020:03:15 09:30:00", place=(24.35, 102.54)), AttachmentKind.PHOTO, "a.jpg"
    )
    assert (evidence.content_type, evidence.extension) == ("image/jpeg", "jpg")
    assert evidence.taken_at == local(2020, 3, 15, 9, 30)
    assert (evidence.latitude, evidence.longitude) == YUXI
    with Image.open(io.BytesIO(evidence.thumbnail)) as thumbnail:
        assert thumbnail.format == "JPEG"
        assert max(thumbnail.size) == 480 and thumbnail.size == (480, 360)


def test_south_and_west_are_negative_and_an_editors_datetime_is_not_the_taking_date(db):
    # IFD0's DateTime is rewritten by any editing software: it would hide an old photo.
    evidence = read_evidence(
        jpeg(modified="2020:04:02 18:05:00", place=(-33.8675, -70.65)), AttachmentKind.PHOTO
    )
    assert evidence.taken_at is None
    assert (evidence.latitude, evidence.longitude) == (D("-33.867500"), D("-70.650000"))


def test_a_jpeg_without_exif_has_no_date_or_place(db):
    evidence = read_evidence(jpeg(size=(300, 200)), AttachmentKind.PHOTO, "a.jpg")
    assert (evidence.taken_at, evidence.latitude, evidence.longitude) == (None, None, None)
    with Image.open(io.BytesIO(evidence.thumbnail)) as thumbnail:
        assert thumbnail.size == (300, 200)  # never enlarged


def test_a_png_is_a_photo_without_exif(db):
    evidence = read_evidence(picture("PNG"), AttachmentKind.PHOTO, "截图.png")
    assert (evidence.content_type, evidence.extension) == ("image/png", "png")
    assert (evidence.taken_at, evidence.latitude, evidence.longitude) == (None, None, None)
    assert evidence.thumbnail[:2] == b"\xff\xd8"  # thumbnails are JPEG whatever the original


@pytest.mark.skipif(not features.check("webp"), reason="Pillow built without WebP")
def test_a_webp_is_accepted(db):
    assert read_evidence(picture("WEBP"), AttachmentKind.PHOTO).content_type == "image/webp"


def test_a_pdf_is_a_voucher_not_a_photo(db):
    evidence = read_evidence(PDF, AttachmentKind.VOUCHER, "发票.pdf")
    assert (evidence.content_type, evidence.extension, evidence.thumbnail) == (
        "application/pdf",
        "pdf",
        None,
    )
    with pytest.raises(ValidationError) as error:
        read_evidence(PDF, AttachmentKind.PHOTO, "发票.pdf")
    assert "发票.pdf" in message_of(error)


def test_the_type_is_decided_by_the_content_not_the_name(db):
    with pytest.raises(ValidationError) as error:
        read_evidence("这不是照片".encode(), AttachmentKind.PHOTO, "现场照片.jpg")
    assert "现场照片.jpg" in message_of(error)
    with pytest.raises(ValidationError):  # a PDF named .jpg is still a PDF
        read_evidence(PDF, AttachmentKind.PHOTO, "现场照片.jpg")
    assert read_evidence(jpeg(), AttachmentKind.PHOTO, "scan.pdf").content_type == "image/jpeg"


def test_a_readable_picture_of_another_format_is_refused(db):
    with pytest.raises(ValidationError) as error:
        read_evidence(picture("GIF"), AttachmentKind.VOUCHER, "动图.gif")
    assert "动图.gif" in message_of(error) and "PDF" in message_of(error)


def test_a_truncated_jpeg_is_refused(db):
    content = jpeg()
    with pytest.raises(ValidationError) as error:
        read_evidence(content[: len(content) // 2], AttachmentKind.PHOTO, "半张.jpg")
    assert "半张.jpg" in message_of(error)


def test_a_truncated_jpeg_is_refused_after_weasyprint_was_loaded(db):
    import weasyprint.images  # noqa: F401  (sets Pillow's LOAD_TRUNCATED_IMAGES on import)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint leaves it, whatever the test order
    content = jpeg()
    with pytest.raises(ValidationError):
        read_evidence(content[: len(content) // 2], AttachmentKind.PHOTO, "半张.jpg")


def test_an_empty_file_is_refused_by_name(db):
    with pytest.raises(ValidationError) as error:
        read_evidence(b"", AttachmentKind.VOUCHER, "空白.pdf")
    assert "空白.pdf" in message_of(error)


def test_the_size_limit_is_the_setting(settings, db):
    content = jpeg()
    settings.REPORT_UPLOAD_MAX_BYTES = len(content)
    assert read_evidence(content, AttachmentKind.PHOTO, "a.jpg").content_type == "image/jpeg"
    settings.REPORT_UPLOAD_MAX_BYTES = len(content) - 1
    with pytest.raises(ValidationError) as error:
        read_evidence(content, AttachmentKind.PHOTO, "大图.jpg")
    assert "大图.jpg" in message_of(error)


# --- attaching to a report -----------------------------------------------------------------


def test_attaching_stores_the_file_and_thumbnail_under_media_root(project, periods, owner_user):
    report = fill(project, periods[3], owner_user, 100)
    content = jpeg(taken="2020:03:15 09:30:00", place=(24.35, 102.54))
    attachment = attach(report, owner_user, content)
    attachment = ReportAttachment.objects.get(pk=attachment.pk)
    assert attachment.report == report and attachment.uploaded_by == owner_user
    assert (attachment.kind, attachment.original_name, attachment.content_type) == (
        AttachmentKind.PHOTO,
        "现场照片.jpg",
        "image/jpeg",
    )
    assert attachment.taken_at == local(2020, 3, 15, 9, 30)
    assert (attachment.latitude, attachment.longitude) == YUXI
    media = Path(settings.MEDIA_ROOT).resolve()
    original, thumbnail = Path(attachment.file.path), Path(attachment.thumbnail.path)
    assert original.resolve().is_relative_to(media) and thumbnail.resolve().is_relative_to(media)
    # Kept re-encoded by us (no byte of the upload is served back), with the camera's EXIF.
    kept = original.read_bytes()
    assert kept != content and attachment.size == len(kept)
    assert read_evidence(kept, AttachmentKind.PHOTO).taken_at == local(2020, 3, 15, 9, 30)
    assert original.suffix == ".jpg" and f"/reports/2020/{report.pk}/" in original.as_posix()
    with Image.open(thumbnail) as small:
        assert small.format == "JPEG" and max(small.size) <= 480
    assert stored_files() == sorted([original, thumbnail])


def test_a_voucher_pdf_is_stored_without_a_thumbnail(project, periods, owner_user):
    report = fill(project, periods[3], owner_user, 100)
    attachment = attach(report, owner_user, PDF, kind=AttachmentKind.VOUCHER, name="发票.pdf")
    assert attachment.content_type == "application/pdf" and not attachment.thumbnail
    assert Path(attachment.file.path).suffix == ".pdf"
    assert Path(attachment.file.path).read_bytes() == PDF


def test_a_refused_upload_leaves_nothing_behind(project, periods, owner_user):
    report = fill(project, periods[3], owner_user, 100)
    with pytest.raises(ValidationError) as error:
        attach(report, owner_user, b"plain text, not a photo\n", name="伪装.jpg")
    assert "伪装.jpg" in message_of(error)
    assert not report.attachments.exists() and stored_files() == []


def test_evidence_is_added_until_the_report_is_approved(project, periods, owner_user, hongta_user):
    report = fill(project, periods[3], owner_user, 100)
    attach(report, hongta_user, picture("PNG"), name="county.png")  # the county may fill too
    report = services.submit_report(report, by=owner_user, version=report.version)
    attach(report, owner_user, jpeg())  # submitted, not yet reviewed: still possible
    report = services.approve_report(report, by=hongta_user, version=report.version)
    with pytest.raises(PermissionDenied, match="红塔区"):  # the county's approval holds it
        attach(report, owner_user, jpeg())
    with pytest.raises(ValidationError):  # the county's own: no longer in that state
        attach(report, hongta_user, jpeg())
    assert report.attachments.count() == 2


def test_an_unknown_kind_of_evidence_is_refused(project, periods, owner_user):
    report = fill(project, periods[3], owner_user, 100)
    with pytest.raises(ValidationError):
        attach(report, owner_user, jpeg(), kind="bogus")
    assert not report.attachments.exists()


def test_a_user_outside_the_projects_scope_cannot_attach(
    project, periods, owner_user, jiangchuan_user, leader_user
):
    report = fill(project, periods[3], owner_user, 100)
    for outsider in (jiangchuan_user, leader_user):
        with pytest.raises(PermissionDenied):
            attach(report, outsider, jpeg())
    assert not report.attachments.exists() and stored_files() == []


# --- flags for the reviewer ----------------------------------------------------------------


def flags_for(report, taken_at=None, latitude=None, longitude=None):
    attachment = ReportAttachment(
        report=report, taken_at=taken_at, latitude=latitude, longitude=longitude
    )
    return attachment_flags(attachment)


def test_a_photo_taken_outside_the_period_is_flagged(project, periods, owner_user):
    report = fill(project, periods[3], owner_user, 100)  # 2020年3月
    for inside in (local(2020, 3, 1, 0, 0), local(2020, 3, 31, 23, 59, 59)):
        assert flags_for(report, taken_at=inside) == []
    for outside in (local(2020, 2, 29, 23, 59, 59), local(2020, 4, 1, 0, 0)):
        assert len(flags_for(report, taken_at=outside)) == 1
    assert flags_for(report) == []  # no date: nothing to say


def test_a_photo_far_from_the_project_is_flagged(project, periods, owner_user):
    report = fill(project, periods[3], owner_user, 100)
    near = (D("24.390000"), YUXI[1])  # ~4.4 km north
    far = (D("24.400000"), YUXI[1])  # ~5.6 km north
    assert flags_for(report, latitude=near[0], longitude=near[1]) == []
    assert len(flags_for(report, latitude=far[0], longitude=far[1])) == 1
    both = flags_for(report, taken_at=local(2019, 12, 1, 9, 0), latitude=far[0], longitude=far[1])
    assert len(both) == 2


def test_no_distance_flag_when_either_place_is_unknown(make_project, project, periods, owner_user):
    report = fill(project, periods[3], owner_user, 100)
    assert flags_for(report, latitude=D("30.000000")) == []  # photo's longitude unknown
    assert flags_for(report, longitude=D("110.000000")) == []
    unplaced = make_project("530402")  # no coordinates of its own
    other = fill(unplaced, periods[3], owner_user, 100)
    assert flags_for(other, latitude=D("30.000000"), longitude=D("110.000000")) == []


def test_the_distance_limit_is_the_setting(settings, project, periods, owner_user):
    report = fill(project, periods[3], owner_user, 100)
    far = (D("24.400000"), YUXI[1])  # ~5.6 km
    settings.REPORT_PHOTO_MAX_KM = "6"
    assert flags_for(report, latitude=far[0], longitude=far[1]) == []
    settings.REPORT_PHOTO_MAX_KM = "5.5"
    assert len(flags_for(report, latitude=far[0], longitude=far[1])) == 1


def test_flags_of_an_uploaded_photo_come_from_its_exif(project, periods, owner_user):
    report = fill(project, periods[3], owner_user, 100)
    good = attach(report, owner_user, jpeg(taken="2020:03:20 10:00:00", place=(24.36, 102.55)))
    stale = attach(report, owner_user, jpeg(taken="2019:11:20 10:00:00", place=(24.35, 102.54)))
    away = attach(report, owner_user, jpeg(taken="2020:03:20 10:00:00", place=(25.04, 102.71)))
    assert attachment_flags(good) == []
    assert len(attachment_flags(stale)) == 1 and "2019-11-20" in attachment_flags(stale)[0]
    assert len(attachment_flags(away)) == 1 and "78.6" in attachment_flags(away)[0]


# --- the evidence rule ---------------------------------------------------------------------


def test_above_the_threshold_a_report_needs_evidence_to_be_submitted(project, periods, owner_user):
    report = fill(project, periods[2], owner_user, "1000.0001")
    with pytest.raises(ValidationError) as error:
        services.submit_report(report, by=owner_user, version=report.version)
    assert list(error.value.message_dict) == ["attachments"]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    attach(report, owner_user, PDF, kind=AttachmentKind.VOUCHER, name="支付凭证.pdf")
    report = services.submit_report(report, by=owner_user, version=report.version)
    assert report.status == ReportStatus.SUBMITTED


def test_exactly_the_threshold_is_not_above_it(project, periods, owner_user):
    report = fill(project, periods[2], owner_user, 1000)
    report = services.submit_report(report, by=owner_user, version=report.version)
    assert report.status == ReportStatus.SUBMITTED and not report.attachments.exists()


def test_the_threshold_is_the_setting(settings, project, periods, owner_user):
    settings.REPORT_EVIDENCE_THRESHOLD = "200"
    report = fill(project, periods[2], owner_user, "200.0001")
    with pytest.raises(ValidationError) as error:
        services.submit_report(report, by=owner_user, version=report.version)
    assert "attachments" in error.value.message_dict


def test_evidence_skipped_at_submission_is_required_at_approval(
    project, periods, owner_user, hongta_user
):
    report = fill(project, periods[2], owner_user, 1500)
    report = services.submit_report(
        report, by=owner_user, version=report.version, require_evidence=False
    )
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(ValidationError) as error:
        services.approve_report(report, by=hongta_user, version=report.version)
    assert "attachments" in error.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # The county that imported the table adds the voucher to the submitted report, then approves.
    attach(report, hongta_user, PDF, kind=AttachmentKind.VOUCHER, name="凭证.pdf")
    report = services.approve_report(report, by=hongta_user, version=report.version)
    assert report.status == ReportStatus.APPROVED


def test_a_small_report_is_approved_without_evidence(project, periods, owner_user, hongta_user):
    report = fill(project, periods[2], owner_user, 999)
    report = services.submit_report(report, by=owner_user, version=report.version)
    report = services.approve_report(report, by=hongta_user, version=report.version)
    assert report.status == ReportStatus.APPROVED


# --- hostile pictures (issue 18) -----------------------------------------------------------


def test_a_small_png_of_huge_pixels_is_refused_before_it_is_decoded(db, settings):
    """643 KB of PNG, 12600 × 12600 px: between one and two times Pillow's limit it only warned."""
    from groundbreak.imports.tests.hostile import huge_png

    with pytest.raises(ValidationError) as error:
        read_evidence(huge_png(), AttachmentKind.PHOTO, "bomb.png")
    assert "12600 × 12600" in message_of(error)
    settings.REPORT_PHOTO_MAX_PIXELS = 300_000_000  # past our limit, Pillow's warning refuses
    with pytest.raises(ValidationError):
        read_evidence(huge_png(), AttachmentKind.PHOTO, "bomb.png")


def test_the_pixel_limit_is_the_setting(db, settings):
    settings.REPORT_PHOTO_MAX_PIXELS = 640 * 400 - 1
    with pytest.raises(ValidationError):
        read_evidence(picture("PNG"), AttachmentKind.PHOTO, "a.png")
    settings.REPORT_PHOTO_MAX_PIXELS = 640 * 400
    assert read_evidence(picture("PNG"), AttachmentKind.PHOTO, "a.png").extension == "png"


def test_a_large_photo_is_kept_bounded_in_pixels(db, settings):
    settings.REPORT_PHOTO_KEPT_SIDE = 320
    for image_format in ("JPEG", "PNG", "WEBP"):
        kept = read_evidence(picture(image_format), AttachmentKind.PHOTO).content
        with Image.open(io.BytesIO(kept)) as image:
            assert image.format == image_format and image.size == (320, 200)


def test_the_photo_is_decoded_before_the_write_transaction(
    project, periods, owner_user, monkeypatch
):
    """Decoding a large photo inside the transaction held SQLite's write lock meanwhile."""
    from django.db import connection

    from groundbreak.reporting import evidence

    report = fill(project, periods[3], owner_user, 100)
    depth = len(connection.atomic_blocks)
    seen = []
    original = evidence._reencode

    def spy(*args):
        seen.append(len(connection.atomic_blocks))
        return original(*args)

    monkeypatch.setattr(evidence, "_reencode", spy)
    attach(report, owner_user, jpeg())
    assert seen == [depth]
