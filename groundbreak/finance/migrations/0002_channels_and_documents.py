"""The channels the article names and the documents a declaration commonly requires."""

from django.db import migrations

DOCUMENTS = [
    ("feasibility", "可研批复"),
    ("land", "用地预审"),
    ("environment", "环评批复"),
    ("balance", "收益与融资平衡方案"),
    ("design", "初步设计批复"),
    ("implementation", "实施方案"),
    ("legal", "法律意见书"),
    ("finance_review", "财务评价报告"),
]
CHANNELS = [
    ("special_bond", "专项债券", "special_bond", ["feasibility", "land", "environment", "balance", "legal"]),
    ("ppp", "PPP", "ppp", ["feasibility", "implementation", "finance_review"]),
    ("central_budget", "中央预算内投资", "central_budget", ["feasibility", "land", "environment", "design"]),
    ("city_cultivation_fund", "财源培植资金", "city_fund", ["feasibility"]),
    ("bridge_loan", "工业企业过桥资金", "city_fund", []),
    ("risk_pool", "小微企业贷款风险补偿金池", "city_fund", []),
]


def load(apps, schema_editor):
    DocumentKind = apps.get_model("finance", "DocumentKind")
    Channel = apps.get_model("finance", "Channel")
    kinds = {}
    for order, (code, name) in enumerate(DOCUMENTS):
        kinds[code] = DocumentKind.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})[0]
    for order, (code, name, kind, required) in enumerate(CHANNELS):
        channel, new = Channel.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "sort_order": order})
        if new:  # a checklist the city edited stays as it is
            channel.required_documents.set([kinds[c] for c in required])


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
