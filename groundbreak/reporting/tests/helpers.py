"""What the reporting tests build again and again: a report with its figures, a real JPEG."""

import io
from decimal import Decimal

from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

from groundbreak.reporting import services


def fill(project, period, by, amount, ytd=None, total=None, **extra):
    """save_report with the three figures as numbers; this year's and since the start default
    to the period's figure."""
    ytd = amount if ytd is None else ytd
    total = ytd if total is None else total
    return services.save_report(
        project, period, by=by, completed_period=Decimal(str(amount)),
        completed_ytd=Decimal(str(ytd)), completed_total=Decimal(str(total)), **extra,
    )  # fmt: skip


def _dms(value):
    """Degrees, minutes and hundredths of seconds as the EXIF rationals a camera writes."""
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    centiseconds = round((value - degrees - minutes / 60) * 3600 * 100)
    return (IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(centiseconds, 100))


def jpeg(size=(1200, 900), taken=None, place=None, modified=None):
    """A real JPEG; ``taken`` goes to DateTimeOriginal, ``place`` (lat, lon) to the GPS IFD,
    ``modified`` to IFD0's DateTime."""
    exif = Image.Exif()
    if modified:
        exif[ExifTags.Base.DateTime] = modified
    if taken:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    if place:
        latitude, longitude = place
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
        gps[ExifTags.GPS.GPSLatitude] = _dms(latitude)
        gps[ExifTags.GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
        gps[ExifTags.GPS.GPSLongitude] = _dms(longitude)
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 120, 60)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()
