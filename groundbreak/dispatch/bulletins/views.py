"""Pages of the bulletin: the list, drafting one for a period and a region, the draft (the same
figures the PDF and the .docx print), the counties' objections and the city's answers, issue and
withdrawal, the downloads and the ranking weights."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.accounts.models import Role
from groundbreak.dispatch.bulletins import ranking, services
from groundbreak.dispatch.bulletins import render as output
from groundbreak.dispatch.bulletins.forms import (
    COLUMN_LABELS,
    BulletinForm,
    ObjectionForm,
    WeightsForm,
)
from groundbreak.dispatch.bulletins.models import (
    WEIGHT_FIELDS,
    Bulletin,
    BulletinStatus,
    Objection,
    ObjectionTable,
    RankingFormula,
)
from groundbreak.dispatch.selectors import LISTS


def _bulletin(user, pk):
    return get_object_or_404(
        Bulletin.objects.restrict(user, "view").select_related("period", "region"), pk=pk
    )


def _message(request, error=None, ok=None):
    if error is not None:
        text = error.messages if isinstance(error, ValidationError) else [str(error)]
        for line in text:
            messages.error(request, line)
    if ok:
        messages.success(request, ok)


@login_required
def bulletin_list(request):
    bulletins = Bulletin.objects.restrict(request.user).select_related("period", "region")
    return render(request, "dispatch/bulletin_list.html", {
        "bulletins": bulletins, "may_draft": services.is_city(request.user), "lists": LISTS,
    })  # fmt: skip


@login_required
def bulletin_create(request):
    if not services.is_city(request.user):
        raise PermissionDenied(_("Only city staff (the city commission) may draft a bulletin."))
    form = BulletinForm(request.POST or None, regions=services.bulletin_regions())
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = services.create_bulletin(
                form.cleaned_data["period"], form.cleaned_data["region"], by=request.user,
                title=form.cleaned_data["title"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(bulletin)
    return render(request, "dispatch/bulletin_form.html", {"form": form})


def _objection_form(user, bulletin, data=None):
    """The county's own rows it may object to, while the draft is under review."""
    if bulletin.status != BulletinStatus.REVIEW or user.role != Role.COUNTY or not user.region_id:
        return None
    own = {str(pk) for pk in user.region.descendant_ids()}
    rows = []
    if str(bulletin.data["region"]["id"]) in own:
        rows.append((f"summary:{bulletin.data['region']['id']}", _("Summary")))
    rows += [(f"counties:{r['key']}", r["name"]) for r in bulletin.data["counties"]
             if r["key"] in own]  # fmt: skip
    red = {r["project_id"]: r["project"] for r in bulletin.data["red"] if r["county_key"] in own}
    rows += [(f"red:{pk}", f"{_('Red warnings')}：{name}") for pk, name in red.items()]
    columns = list(services.OBJECTABLE[ObjectionTable.COUNTIES])
    columns += list(services.OBJECTABLE[ObjectionTable.RED])
    return ObjectionForm(data, rows=rows, columns=columns)


@login_required
def bulletin_detail(request, pk):
    bulletin = _bulletin(request.user, pk)
    objections = list(Objection.objects.restrict(request.user).filter(bulletin=bulletin)
                      .select_related("region", "answered_by"))  # fmt: skip
    for objection in objections:
        objection.column_label = COLUMN_LABELS.get(objection.column, objection.column)
    return render(request, "dispatch/bulletin_detail.html", {
        **output.context(bulletin), "lists": LISTS, "objections": objections,
        "may_act": services.is_city(request.user),
        "unanswered": bulletin.objections.unanswered().count(),
        "objection_form": _objection_form(request.user, bulletin),
    })  # fmt: skip


ACTIONS = {
    "refresh": (services.refresh_bulletin, _("The figures were gathered again.")),
    "review": (services.open_review, _("The draft is shown to the counties.")),
    "issue": (services.issue_bulletin, _("The bulletin is issued; its figures are frozen.")),
    "withdraw": (services.withdraw_bulletin, _("The bulletin is withdrawn.")),
}


@login_required
@require_POST
def bulletin_action(request, pk, action):
    bulletin = _bulletin(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    function, done = ACTIONS[action]
    extra = {"reason": request.POST.get("reason", "")} if action == "withdraw" else {}
    try:
        function(bulletin, by=request.user, **extra)
    except ValidationError as error:
        _message(request, error)
    else:
        _message(request, ok=done)
    return redirect(bulletin)


@login_required
@require_POST
def bulletin_object(request, pk):
    bulletin = _bulletin(request.user, pk)
    form = _objection_form(request.user, bulletin, request.POST)
    if form is None:
        raise PermissionDenied(
            _("Only a county bureau may object, while the draft is under review.")
        )
    if form.is_valid():
        table, _sep, key = form.cleaned_data["row"].partition(":")
        try:
            services.raise_objection(bulletin, by=request.user, table=table, row_key=key,
                                     column=form.cleaned_data["column"],
                                     reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as error:
            _message(request, error)
        else:
            _message(request, ok=_("Your objection was sent to the city."))
    else:
        _message(request, ValidationError([" ".join(e) for e in form.errors.values()]))
    return redirect(bulletin)


@login_required
@require_POST
def objection_answer(request, pk):
    objection = get_object_or_404(Objection.objects.restrict(request.user), pk=pk)
    try:
        services.answer_objection(objection, by=request.user, answer=request.POST.get("answer", ""))
    except ValidationError as error:
        _message(request, error)
    else:
        _message(request, ok=_("The objection is answered."))
    return redirect(objection.bulletin)


def _download(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def bulletin_pdf(request, pk):
    bulletin = _bulletin(request.user, pk)
    return _download(output.pdf(bulletin), "application/pdf", f"bulletin-{bulletin.pk}.pdf")


@login_required
def bulletin_docx(request, pk):
    bulletin = _bulletin(request.user, pk)
    return _download(output.docx(bulletin), output.DOCX_TYPE, f"bulletin-{bulletin.pk}.docx")


@login_required
def ranking_formula(request):
    """The weights and their history; city staff change them."""
    formula = RankingFormula.current()
    form = None
    if services.is_city(request.user):
        form = WeightsForm(request.POST or None, instance=formula)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_weights(by=request.user, **{n: form.cleaned_data[n]
                                                          for n in WEIGHT_FIELDS})  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _message(request, ok=_("The weights are saved."))
                return redirect("dispatch:ranking_formula")
    elif request.method == "POST":
        raise PermissionDenied(_("Only city staff may set the ranking weights."))
    history = [{"when": h.history_date, "who": h.history_user,
                "values": [getattr(h, n) for n in WEIGHT_FIELDS]}
               for h in formula.history.select_related("history_user")[:50]]  # fmt: skip
    return render(request, "dispatch/ranking_formula.html", {
        "form": form, "formula_text": ranking.formula_text(formula.weights()), "history": history,
        "labels": [label for _n, _f, label in ranking.INDICATORS], "lists": LISTS,
    })  # fmt: skip
