"""Evidence attached to a report (佐证材料): site photos and payment vouchers.

A file's type is decided by its content, not its name. Photos keep the date and place their
camera wrote (EXIF), and get a small thumbnail for the review page. A photo taken outside the
period, or far from the project, is flagged for the reviewer, never refused: the reviewer judges.
"""

import io
import math
import warnings
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

from groundbreak.core.money import format_amount
from groundbreak.reporting.models import AttachmentKind

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
THUMBNAIL_SIZE = (480, 480)
Image.MAX_IMAGE_PIXELS = 80_000_000  # a phone photo is ~50 MP at most; larger is a bomb


class Evidence:
    """What we learnt from an uploaded file: its type, and for photos the date, place and
    thumbnail; ``content`` is what is kept (a photo re-encoded by us, a PDF as it came)."""

    def __init__(self, content_type, extension, taken_at=None, latitude=None, longitude=None,
                 thumbnail=None, content=None):  # fmt: skip
        self.content_type = content_type
        self.extension = extension
        self.taken_at = taken_at
        self.latitude = latitude
        self.longitude = longitude
        self.thumbnail = thumbnail
        self.content = content


class _TooLarge(Exception):
    pass


def read_evidence(content, kind, name=""):
    """Check an upload and read what it carries. Photos must be JPEG, PNG or WebP images of at
    most REPORT_PHOTO_MAX_PIXELS (told from the header, before anything is decoded); what is
    kept of a photo is re-encoded by us, at most REPORT_PHOTO_KEPT_SIDE pixels on its longer
    side. Vouchers may also be PDF. Raises ValidationError naming the file. Slow for a large
    photo: call it before any transaction."""
    if not content:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    if len(content) > settings.REPORT_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": settings.REPORT_UPLOAD_MAX_BYTES // 2**20}
        )
    if content[:5] == b"%PDF-":
        if kind != AttachmentKind.VOUCHER:
            raise ValidationError(
                _("%(name)s is a PDF: attach it as a voucher, or upload a photo.") % {"name": name}
            )
        return Evidence("application/pdf", "pdf", content=content)
    size = None
    # Importing WeasyPrint (the bulletin's PDF) turns Pillow's tolerance of cut-off files on
    # for the whole process; an upload is read strictly all the same.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: the warning refuses too.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image_format, size = image.format, image.size
                if image_format not in IMAGE_TYPES:
                    raise UnidentifiedImageError(image_format)
                if image.width * image.height > settings.REPORT_PHOTO_MAX_PIXELS:
                    raise _TooLarge
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                exif = image.getexif()
                taken_at = _taken_at(exif)
                latitude, longitude = _place(exif)
                kept, thumbnail = _reencode(image, image_format, exif)
    except (_TooLarge, Image.DecompressionBombWarning, Image.DecompressionBombError):
        width, height = size or _header_size(content)
        raise ValidationError(
            _(
                "%(name)s is %(width)s × %(height)s pixels; photos of at most %(mp)s million pixels are taken."
            )
            % {
                "name": name,
                "width": width,
                "height": height,
                "mp": settings.REPORT_PHOTO_MAX_PIXELS // 1_000_000,
            }
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        allowed = "JPEG, PNG, WebP" + (", PDF" if kind == AttachmentKind.VOUCHER else "")
        raise ValidationError(
            _("%(name)s is not a picture we can read: use %(allowed)s.")
            % {"name": name, "allowed": allowed}
        ) from None
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    return Evidence(
        IMAGE_TYPES[image_format], extension, taken_at, latitude, longitude, thumbnail, kept
    )


def _header_size(content):
    """Width and height as the header states them (nothing decoded), for the refusal."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                return image.size
    except Exception:  # noqa: BLE001 - only for the message
        return ("?", "?")


def _reencode(image, image_format, exif):
    """(the photo as we keep it, its thumbnail): upright, at most REPORT_PHOTO_KEPT_SIDE pixels
    on the longer side, re-encoded in its own format with the camera's EXIF (less the
    orientation, now applied), so that no byte of the upload is served back."""
    from PIL import ImageOps

    side = settings.REPORT_PHOTO_KEPT_SIDE
    if image_format == "JPEG":
        image.draft("RGB", (side, side))  # decode a large JPEG at a fraction of its size
    picture = ImageOps.exif_transpose(image)
    if max(picture.size) > side:
        picture.thumbnail((side, side))
    exif[ExifTags.Base.Orientation] = 1
    if image_format == "JPEG" and picture.mode not in ("RGB", "L", "CMYK"):
        picture = picture.convert("RGB")
    if image_format == "PNG" and picture.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I"):
        picture = picture.convert("RGBA")
    out = io.BytesIO()
    options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {}}[image_format]
    picture.save(out, image_format, exif=exif.tobytes(), **options)
    small = picture.convert("RGB")
    small.thumbnail(THUMBNAIL_SIZE)
    thumbnail = io.BytesIO()
    small.save(thumbnail, "JPEG", quality=80)
    return out.getvalue(), thumbnail.getvalue()


def _taken_at(exif):
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    # Only the moment the picture was taken: IFD0's DateTime is rewritten by any editor.
    text = exif_ifd.get(ExifTags.Base.DateTimeOriginal) or exif_ifd.get(
        ExifTags.Base.DateTimeDigitized
    )
    if not text:
        return None
    try:
        moment = datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    # Cameras write local time without a zone; the project's zone is the city's.
    return timezone.make_aware(moment)


def _degrees(value, ref):
    degrees, minutes, seconds = (float(part) for part in value)
    result = degrees + minutes / 60 + seconds / 3600
    return -result if ref in ("S", "W") else result


def _place(exif):
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    try:
        latitude = _degrees(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef))
        longitude = _degrees(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, None
    return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}")


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine) in kilometres."""
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def attachment_flags(attachment, report=None):
    """Why a reviewer should look twice at this evidence: a list of messages, empty if none."""
    report = report or attachment.report
    flags = []
    period, project = report.period, report.project
    if attachment.taken_at is not None:
        day = timezone.localdate(attachment.taken_at)
        if not period.start <= day <= period.end:
            flags.append(
                _("Taken on %(day)s, outside the period %(start)s – %(end)s.")
                % {"day": day, "start": period.start, "end": period.end}
            )
    known = None not in (attachment.latitude, attachment.longitude)
    if known and project.latitude is not None and project.longitude is not None:
        km = distance_km(attachment.latitude, attachment.longitude, project.latitude,
                         project.longitude)  # fmt: skip
        if km > float(settings.REPORT_PHOTO_MAX_KM):
            flags.append(
                _("Taken %(km).1f km from the project's site (more than %(max)s km).")
                % {"km": km, "max": settings.REPORT_PHOTO_MAX_KM}
            )
    return flags


def needs_evidence(report):
    """A period's completed investment above the threshold needs a voucher or a photo."""
    threshold = Decimal(settings.REPORT_EVIDENCE_THRESHOLD)
    return report.completed_period is not None and report.completed_period > threshold


def evidence_error(report):
    """The message refusing a report that needs evidence and has none, or None."""
    if needs_evidence(report) and not report.attachments.exists():
        return _(
            "More than %(threshold)s万元 completed in one period needs a voucher or a site photo attached."
        ) % {"threshold": format_amount(Decimal(settings.REPORT_EVIDENCE_THRESHOLD))}
    return None
