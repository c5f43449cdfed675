"""What the reporting tests build again and again: a report with its figures, a real JPEG."""

import io
from decimal import Decimal

from PIL import ExifTags, Image

from groundbreak.reporting import services
from groundbreak.reporting.demo import write_gps


def fill(project, period, by, amount, ytd=None, total=None, **extra):
    """save_report with the three figures as numbers; this year's and since the start default
    to the period's figure."""
    ytd = amount if ytd is None else ytd
    total = ytd if total is None else total
    return services.save_report(
        project, period, by=by, completed_period=Decimal(str(amount)),
        completed_ytd=Decimal(str(ytd)), completed_total=Decimal(str(total)), **extra,
    )  # fmt: skip


def jpeg(size=(1200, 900), taken=None, place=None, modified=None):
    """A real JPEG; ``taken`` goes to DateTimeOriginal, ``place`` (lat, lon) to the GPS IFD,
    ``modified`` to IFD0's DateTime."""
    exif = Image.Exif()
    if modified:
        exif[ExifTags.Base.DateTime] = modified
    if taken:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    if place:
        write_gps(exif, *place)
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 120, 60)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()
