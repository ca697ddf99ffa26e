"""Extension point for procedure limits on browser imports (R12 windows, dossier locks).

Those limits live in awards.procedure, a layer above scoring, so scoring cannot call it.
Instead the awards app registers a factory here (from its AppConfig.ready()):

    from scoring.importing.guards import register_browser_guard
    from awards.procedure import can_key_in

    @register_browser_guard
    def step1_open(user, phase):
        def refusal(tdp):
            verdict = can_key_in(user, tdp, phase)
            return None if verdict else verdict.reason
        return refusal

The factory in use is awards.apps.step1_window_guard (it also keeps one verdict per TDP).
The confirm view (scoring.importing.views) builds the guard for the signed-in user and the
upload's phase; every row of a TDP the guard refuses is an error on its `Tổ dân phố` cell,
with the reason. The command line passes no guard: windows do not bind it (R12)."""

from __future__ import annotations

from collections.abc import Callable

Refusal = Callable[[object], str | None]  # tdp → Vietnamese reason, or None when allowed
_factories: list[Callable[[object, object], Refusal]] = []


def register_browser_guard(factory):
    if factory not in _factories:
        _factories.append(factory)
    return factory


def browser_guard(user, phase) -> Refusal | None:
    """The combined guard for `user` importing into `phase`, or None when none is registered."""
    checks = [factory(user, phase) for factory in _factories]
    if not checks:
        return None

    def refusal(tdp):
        for check in checks:
            reason = check(tdp)
            if reason:
                return reason
        return None

    return refusal
