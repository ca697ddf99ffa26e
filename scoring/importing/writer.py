"""Fast writes for the roster import: history rows and row updates with executemany.

django-simple-history's bulk helpers build one historical model instance per row and go
through the ORM's SQL compiler value by value; Django's bulk_update builds a CASE expression
per field. On a 50,000-row roster those dominate the import, so the import writes them with
one parameterised statement run by `executemany` (pipelined on PostgreSQL). Columns come from
the models' _meta, values are adapted with the backend's own adapters, and the history rows
carry exactly what simple_history records (history_date, history_type, history_user,
history_change_reason) — every change is still kept with who, when and why (R10)."""

from __future__ import annotations

from django.db import connection


def _adapter(field):
    ops = connection.ops
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DateField":
        return ops.adapt_datefield_value
    return None


def _value_getter(field):
    """obj → the value bulk_create would write for `field` (auto_now fields stamped as on
    insert), adapted like the backend adapts it."""
    adapt = _adapter(field)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):

        def get(obj):
            value = field.pre_save(obj, add=True)
            return adapt(value) if adapt is not None and value is not None else value

        return get
    attname = field.attname
    if adapt is None:
        return lambda obj: getattr(obj, attname)
    return lambda obj: None if (v := getattr(obj, attname)) is None else adapt(v)


_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def insert_rows(model, objs, batch_size: int = 1000) -> None:
    """What `bulk_create(objs)` writes — every concrete field but the primary key, auto_now
    fields stamped — as INSERT … VALUES (…), (…) RETURNING pk in batches, without the ORM's
    value-by-value compilation; sets each object's pk and saved state, as bulk_create does."""
    if not objs:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    odd = [f.name for f in fields if f.get_internal_type() not in _PLAIN_TYPES]
    if odd:  # pragma: no cover - guards against a model change this writer does not adapt
        raise TypeError(f"insert_rows cannot adapt {model.__name__} fields {odd}")
    getters = [_value_getter(f) for f in fields]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    tail = f" RETURNING {quote(meta.pk.column)}"
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(batch_size, connection.ops.bulk_batch_size(fields, objs)))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            params = [get(obj) for obj in batch for get in getters]
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, params)
            for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias


def _run(sql: str, rows: list) -> None:
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def insert_history(model, objs, *, history_type: str, user, reason: str, when) -> None:
    """One simple_history row per object of `model` ("+" created, "~" changed)."""
    if not objs:
        return
    historical = model.history.model
    meta = historical._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    reason_field = meta.get_field("history_change_reason")
    reason = reason[: reason_field.max_length] if reason_field.max_length else reason
    constants = {
        "history_date": connection.ops.adapt_datetimefield_value(when),
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user_id": user.pk if user is not None else None,
    }
    getters = []
    for f in fields:
        if f.attname in constants:
            value = constants[f.attname]
            getters.append((None, None, value))
        else:
            getters.append((f.attname, _adapter(f), None))
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = []
    for obj in objs:
        row = []
        for attname, adapt, constant in getters:
            if attname is None:
                row.append(constant)
            else:
                value = getattr(obj, attname)
                row.append(adapt(value) if adapt is not None and value is not None else value)
        rows.append(row)
    _run(sql, rows)


def update_rows(model, objs, field_names: list[str]) -> None:
    """UPDATE … SET <fields> WHERE pk = … for each object, in one executemany."""
    if not objs:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    adapters = [(f.attname, _adapter(f)) for f in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(meta.pk.column),
    )
    rows = []
    for obj in objs:
        row = []
        for attname, adapt in adapters:
            value = getattr(obj, attname)
            row.append(adapt(value) if adapt is not None and value is not None else value)
        row.append(obj.pk)
        rows.append(row)
    _run(sql, rows)
