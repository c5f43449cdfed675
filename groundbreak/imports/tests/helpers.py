import io

import xlsxwriter

HEADER = [
    "项目代码",
    "项目名称",
    "业主单位",
    "领域",
    "项目阶段",
    "总投资（万元）",
    "年度计划投资（万元）",
    "计划开工时间",
]


def xlsx(rows):
    """A workbook whose first sheet holds ``rows`` (lists of cell values) from A1."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def project_rows(n=3, start=1, region="530402"):
    return [
        [
            f"2020-{region}-48-01-9{start + i:05d}",
            f"导入测试项目{start + i}",
            "玉溪市导入测试公司",
            "基础设施",
            "前期",
            1000 * (start + i),
            100 * (start + i),
            "2021-03-01",
        ]
        for i in range(n)
    ]
