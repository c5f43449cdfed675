"""The kinds of table the import engine reads (导入类型), registered by the apps that own them.

The engine knows no domain: an app describes its kind here in ``AppConfig.ready()`` (what a row
means, how it is written, which options it takes) and the engine's services, pages, API and
console command look the kind up by name. The same pattern serves later engines (warnings,
notifications): a lower floor offers a registry, higher floors register with it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportKindHandler:
    """What the engine needs of a kind of table.

    ``plan(table, *, region, by, decisions, on_progress, options)`` decides row by row and writes
    nothing; ``to_preview(plan)`` turns the plan into JSON-ready data; ``apply(plan, preview, *,
    by, reason, record)`` writes it in the caller's transaction; ``compared`` names the
    preview-row keys that must be the same at the confirmation as at the preview (language-free:
    no labels, no messages); ``clean_options(options)`` checks the options the kind takes (e.g. a
    reporting period), named in ``options``, and raises ValidationError naming the field;
    ``option_fields(user)`` gives the upload form's fields for them; ``applied_message`` is formatted with the write's result.
    ``fields()`` gives the (field, label) pairs a column of this kind may mean, offered for the
    columns a preview leaves unused (field names of ``columns.SYNONYMS``).
    ``prepare(*, region, by, options)`` reads what ``plan`` needs of the database before it
    needs the table (the projects in scope, say) and returns it as more keyword arguments for
    ``plan``: the engine calls it while the file is read in its child process, so that the
    two overlap on two cores.
    """

    name: str
    plan: Callable
    to_preview: Callable
    apply: Callable
    compared: tuple
    applied_message: object
    options: tuple = ()
    clean_options: Callable = dict
    option_fields: Callable = field(default=lambda user: {})
    fields: Callable = field(default=lambda: ())
    synonyms: dict = field(default_factory=dict)  # the kind's own wordings: {wording: field}
    prepare: Callable = field(default=lambda **kwargs: {})
    label: object = ""  # how the upload form names a kind that is not one of ImportKind's


_kinds: dict[str, ImportKindHandler] = {}


def register(handler: ImportKindHandler):
    _kinds[handler.name] = handler
    return handler


def handler_for(kind) -> ImportKindHandler:
    try:
        return _kinds[str(kind)]
    except KeyError:
        from groundbreak.imports.models import ImportKind

        label = ImportKind(kind).label if kind in ImportKind.values else kind
        raise ValidationError(
            _("Imports of %(kind)s are not available yet.") % {"kind": label}
        ) from None


def registered():
    return dict(_kinds)


def kind_choices():
    """The engine's kinds, then those higher apps registered (with their own label)."""
    from groundbreak.imports.models import ImportKind

    extra = [(name, h.label or name) for name, h in _kinds.items() if name not in ImportKind.values]
    return [*ImportKind.choices, *extra]
