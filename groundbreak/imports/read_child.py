"""Read an untrusted workbook in a process of its own: ``python -I read_child.py SUFFIX LIMITS``.

python-calamine is a Rust library: a file it cannot hold (a sheet spanning XFD1048576, an archive
that unpacks to gigabytes) makes it abort the whole process, which no ``except`` catches. The
import engine therefore runs this script as a child process (see ``reader.read_grids``), with its
address space capped, and reads what it sends back; if the child dies, the upload is refused and
the web, worker or console process that asked goes on.

Reads the file from standard input; writes frames to standard output, each an 8-byte length and a
pickle: per visible sheet in workbook order ``{"sheet", "index", "merged"}``, ``{"rows"}`` batches
and ``{"sheet_end": True}`` (sheets are read one by one as the parent asks for them: a full pipe
holds the child back), then ``{"end": True}``; or ``{"error": kind, "detail": text}``. Imports nothing of the project, so that it starts quickly.
"""

import io
import pickle
import resource
import struct
import sys

BATCH = 2000


def _send(stream, frame):
    data = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)))
    stream.write(data)
    stream.flush()


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
                _send(out, {"rows": rows[start : start + BATCH]})
            _send(out, {"sheet_end": True})
            del rows
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
    sys.exit(main(sys.argv))
