"""Read an untrusted workbook in a process of its own: ``python -I read_child.py SUFFIX LIMITS``.

python-calamine is a Rust library: a file it cannot hold (a sheet spanning XFD1048576, an archive
that unpacks to gigabytes) makes it abort the whole process, which no ``except`` catches. The
import engine therefore runs this script as a child process (see ``reader.read_grids``), with its
address space capped, and reads what it sends back; if the child dies, the upload is refused and
the web, worker or console process that asked goes on.

Reads the file from standard input; writes frames to standard output, each an 8-byte length and a
pickle: per visible sheet in workbook order ``{"sheet", "index", "merged"}``, batches of rows
(``{"columns"}``: the rows column by column, or ``{"rows"}`` if they are not all as long)
and ``{"sheet_end": True}`` (sheets are read one by one as the parent asks for them: a full pipe
holds the child back), then ``{"end": True}``; or ``{"error": kind, "detail": text}``. Imports nothing of the project, so that it starts quickly.
"""

import datetime
import io
import os
import resource
import struct
import sys

# The pickler the pickle module itself uses, without that module's imports (re and others: a
# fifth of the child's start-up).
from _pickle import dumps

BATCH = 2000
# The types of the values a column repeats (领域, 项目阶段, a date) that can be made one object:
# not numbers, as 1, 1.0 and True (or 0.0 and -0.0) are equal and one must not stand for another.
# A blank cell (None) is one object already, and leaves the column's texts shareable.
SHAREABLE = {str, datetime.date, datetime.datetime, datetime.time, datetime.timedelta, type(None)}


def _send(stream, frame):
    data = dumps(frame, protocol=5)
    stream.write(struct.pack("<Q", len(data)))
    stream.write(data)
    stream.flush()


def _columns(rows):
    """Rows of one length, column by column, each column's equal values made one object: pickle
    then sends a repeated value once and refers back to it after (2.9 MB instead of 4.9 for a
    county's 20,000 rows), and the parent unpickles it once."""
    columns = list(zip(*rows, strict=True))
    for index, column in enumerate(columns):
        if type(column[-1]) not in SHAREABLE:
            continue  # a column of amounts
        seen = {}
        shared = list(map(seen.setdefault, column, column))
        # A number among the values is one of them: then the column goes as it is.
        if set(map(type, seen)) <= SHAREABLE:
            columns[index] = shared
    return columns


def main(argv):
    max_memory, max_rows, max_cells = (int(value) for value in argv[1:4])
    if max_memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    content = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    try:
        from python_calamine import CalamineWorkbook, SheetVisibleEnum

        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        del content
        names = book.sheet_names
        visible = [m.name for m in book.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
        if not visible:
            _send(out, {"error": "no_visible"})
            return 0
        for name in visible:
            # The sheet before goes before this one is read; the last goes with the process.
            rows = None
            sheet = book.get_sheet_by_name(name)
            # As read below (skip_empty_area=False): from A1 to the last cell.
            end = sheet.end
            height, width = (end[0] + 1, end[1] + 1) if end else (0, 0)
            if height > max_rows:
                _send(out, {"error": "rows", "detail": height})
                return 0
            if height * max(width, 1) > max_cells:
                _send(out, {"error": "cells", "detail": (height, width)})
                return 0
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            del sheet
            # In batches, so that the parent unpickles one while the next is pickled.
            _send(out, {"sheet": name, "index": names.index(name), "merged": merged})
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                if len(set(map(len, batch))) == 1 and batch[0]:
                    _send(out, {"columns": _columns(batch)})
                else:
                    _send(out, {"rows": batch})
            _send(out, {"sheet_end": True})
    except MemoryError:
        _send(out, {"error": "memory"})
        return 0
    except BrokenPipeError:  # the parent found its table and stopped reading
        return 0
    except Exception as error:  # calamine raises several unrelated types for broken files
        _send(out, {"error": "broken", "detail": str(error)[:300]})
        return 0
    _send(out, {"end": True})
    return 0


if __name__ == "__main__":
    # Everything sent is flushed: the process ends without freeing what it read, one cell at a
    # time, for nothing.
    os._exit(main(sys.argv))
