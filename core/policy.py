"""The access policy registry: one place answers "may this actor do this, here, to this object".

Deny by default: an action without a registered rule is refused. Rules live with their app and
are registered from its `AppConfig.ready`. Each rule has two forms that share one definition,
a `Q` over the rule's model:

* the object form, `may(actor, actie, obj)` / `require(...)`, answers for one object: the `Q` is
  evaluated on the instance in memory where it only reads the object's own attributes (and
  foreign keys already loaded), and otherwise by one query for that object;
* the list form, `visible(actor, actie, queryset)`, narrows a queryset to the objects the
  actor may see: every list page uses it, never a filter in a template or a loop;
* `permitted(actor, actie, objs)` is the object form for several objects at once: in memory
  where it can, else one query for all of them.

A rule's `Q` is built once per actor (and day): a request's actor lives for the request, and a
partner's scope (subqueries on the grant and the partnership) costs milliseconds to build.
"""

import operator
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .actor import Actor

# The scope that admits nothing, and the one that admits everything in the house.
NOTHING = Q(pk__in=[])
EVERYTHING = Q()


class Geweigerd(PermissionDenied):
    """A policy denial. Carries what the audit row needs; `not_found` hides existence (404)."""

    def __init__(self, actie: str, target: Any = None, not_found: bool = False):
        super().__init__(actie)
        self.audit = {"actie": actie, "target": target}
        self.not_found = not_found


@dataclass(frozen=True)
class Rule:
    """Who may do `actie`: one of `rollen` in the actor's house, and, for an object of `model`,
    the object lies in that house (`tenant`, None when `scope` decides the house itself) and
    matches `scope(actor)`. `when(actor)` adds a condition on the actor alone."""

    actie: str
    rollen: frozenset[str]
    model: type[models.Model] | None = None
    scope: Callable[[Actor], Q] | None = None
    tenant: str | None = "zvh_id"
    when: Callable[[Actor], bool] | None = None

    def grants(self, actor: Actor) -> bool:
        """The actor-level part: verified, in a house, holding a role, meeting `when`."""
        if not actor.verified or actor.zvh_id is None or not actor.heeft(*self.rollen):
            return False
        return self.when is None or bool(self.when(actor))

    def q(self, actor: Actor) -> Q:
        """The objects this actor may do `actie` to (assumes `grants(actor)`). Built once per
        actor for the scope and tenant (rules that share both share it); never modify it."""
        return per_actor(actor, ("rule-q", self.scope, self.tenant), lambda: self._build_q(actor))

    def _build_q(self, actor: Actor) -> Q:
        q = Q(**{self.tenant: actor.zvh_id}) if self.tenant else EVERYTHING
        return q & self.scope(actor) if self.scope is not None else q


_PER_ACTOR: "weakref.WeakKeyDictionary[Actor, dict]" = weakref.WeakKeyDictionary()


def per_actor(actor: Actor, key: Any, build: Callable[[], Any]) -> Any:
    """`build()` once per actor and key, on the day it is asked (a scope that names today, such
    as a current partnership, is built anew on the next day); the memo lives as long as the
    actor. For the parts of a rule's `Q` that depend on the actor alone: a `Q`, an expression
    or a subquery, never a result read from the database."""
    memo = _PER_ACTOR.get(actor)
    if memo is None:
        memo = _PER_ACTOR[actor] = {}
    full_key = (timezone.localdate(), key)
    try:
        return memo[full_key]
    except KeyError:
        value = memo[full_key] = build()
        return value


_RULES: dict[str, Rule] = {}


def register(*rules: Rule) -> None:
    """Add rules (from an app's `ready`); registering an action twice is a programming error."""
    for rule in rules:
        existing = _RULES.get(rule.actie)
        if existing is not None and existing != rule:
            raise ValueError(f"Policy action {rule.actie!r} is registered twice")
        _RULES[rule.actie] = rule


def rules() -> list[Rule]:
    return sorted(_RULES.values(), key=lambda r: r.actie)


def rule(actie: str) -> Rule | None:
    return _RULES.get(actie)


def may(actor: Actor | None, actie: str, obj: models.Model | None = None) -> bool:
    """True when `actor` may perform `actie` (on `obj`); False for anything unknown."""
    found = _RULES.get(actie)
    if actor is None or found is None or not found.grants(actor):
        return False
    if obj is None:
        return True
    if found.model is not None and not isinstance(obj, found.model):
        return False
    return matches(obj, found.q(actor))


def may_given(actor: Actor | None, actie: str, obj: models.Model, given: str) -> bool:
    """`may(actor, actie, obj)` for an object the caller read through the list form of rule
    `given` (so it passes `given`): True without a query when `actie` admits this actor the
    same objects as `given` (the same model, scope and tenant); otherwise `may` itself."""
    found, bekend = _RULES.get(actie), _RULES.get(given)
    if (
        actor is not None
        and found is not None
        and bekend is not None
        and found.model is not None
        and found.model is bekend.model
        and isinstance(obj, found.model)
        and (found.scope, found.tenant) == (bekend.scope, bekend.tenant)
        and found.grants(actor)
        and bekend.grants(actor)
    ):
        return True
    return may(actor, actie, obj)


def permitted(actor: Actor | None, actie: str, objs: Iterable[models.Model]) -> set[Any]:
    """The pks of those of `objs` (instances of one model) that `actor` may `actie`: the object
    form for several objects, answered in memory where the rule reads only what the objects
    hold (no related object is loaded for it), else by one query for all of them."""
    objs = list(objs)
    found = _RULES.get(actie)
    if not objs or actor is None or found is None or not found.grants(actor):
        return set()
    if found.model is not None and not all(isinstance(obj, found.model) for obj in objs):
        return set()
    q = found.q(actor)
    try:
        return {obj.pk for obj in objs if _evaluate(q, obj, load=False)}
    except _NeedsQuery:
        pks = [obj.pk for obj in objs if obj.pk is not None]
        if not pks:
            return set()
        model = type(objs[0])
        return set(model._default_manager.filter(pk__in=pks).filter(q).values_list("pk", flat=True))


def require(actor: Actor | None, actie: str, obj: models.Model | None = None, *, not_found=False):
    """Raise Geweigerd (audited by the middleware) unless `actor` may do `actie`."""
    if not may(actor, actie, obj):
        raise Geweigerd(actie, target=obj, not_found=not_found)


def visible(actor: Actor | None, actie: str, queryset: models.QuerySet) -> models.QuerySet:
    """The list form: `queryset` narrowed to the objects `actor` may `actie`."""
    found = _RULES.get(actie)
    if actor is None or found is None or not found.grants(actor):
        return queryset.none()
    if found.model is not None and not issubclass(queryset.model, found.model):
        raise TypeError(f"{actie} is about {found.model.__name__}, not {queryset.model.__name__}")
    return queryset.filter(found.q(actor))


# Evaluating a Q on one instance -------------------------------------------------------------


class _NeedsQuery(Exception):
    """The condition reaches beyond the instance (a subquery, a reverse relation)."""


_MISSING = object()
_LOOKUPS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "in": lambda value, options: value in list(options),
    "isnull": lambda value, wanted: (value is None) == bool(wanted),
}


def matches(obj: models.Model, q: Q) -> bool:
    """Whether `obj` satisfies `q`: in memory where possible, else by one query."""
    try:
        return _evaluate(q, obj)
    except _NeedsQuery:
        if obj.pk is None:
            return False
        return type(obj)._default_manager.filter(pk=obj.pk).filter(q).exists()


def _evaluate(q: Q, obj: models.Model, load: bool = True) -> bool:
    """Whether `obj` satisfies `q`, in memory; `load=False` reads no related object that is
    not loaded yet (a query per object), and asks for the one query instead."""
    results = (_child(child, obj, load) for child in q.children)
    outcome = all(results) if q.connector == Q.AND else any(results)
    return not outcome if q.negated else outcome


def _child(child: Any, obj: models.Model, load: bool) -> bool:
    if isinstance(child, Q):
        return _evaluate(child, obj, load)
    if not isinstance(child, tuple):
        raise _NeedsQuery
    lookup, expected = child
    if hasattr(expected, "resolve_expression"):
        raise _NeedsQuery
    parts = lookup.split("__")
    compare = _LOOKUPS.get(parts[-1])
    if compare is None:
        compare = operator.eq
    else:
        parts = parts[:-1]
    value: Any = obj
    for name in parts:
        value = _attribute(value, name, load)
        if value is None:
            break
    return compare(value, expected)


def _attribute(instance: Any, name: str, load: bool = True) -> Any:
    if not isinstance(instance, models.Model):
        raise _NeedsQuery
    try:
        field = instance._meta.get_field(name) if name != "pk" else instance._meta.pk
    except FieldDoesNotExist as exc:  # an attname such as "zvh_id"
        if name.endswith("_id") and hasattr(type(instance), name):
            if not load and name not in instance.__dict__:  # deferred: a query to read it
                raise _NeedsQuery from exc
            return getattr(instance, name)
        raise _NeedsQuery from exc
    if (
        not isinstance(field, models.Field)  # a reverse relation
        or field.many_to_many
        or field.one_to_many
        or (field.one_to_one and field.auto_created)
    ):
        raise _NeedsQuery
    # "zvh_id" names the column (the id), "zvh" the related object.
    attribute = field.attname if name == field.attname or not field.is_relation else field.name
    if not load and not (
        field.is_cached(instance)  # type: ignore[attr-defined]
        if attribute != field.attname
        else attribute in instance.__dict__
    ):
        raise _NeedsQuery
    value = getattr(instance, attribute, _MISSING)
    if value is _MISSING:
        raise _NeedsQuery
    return value
