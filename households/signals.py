"""Signals of the register. `bulk_write` is sent after a QuerySet.update(), bulk_create() or
bulk_update() of households or residents — writes that send no per-object post_save — so
that layers above (scoring's cached figures) can follow them in the same transaction."""

from django.dispatch import Signal

bulk_write = Signal()  # sender: the model class
