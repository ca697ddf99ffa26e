"""The `--campaign YEAR --phase N [--ward CODE]` options of the commands that work on one
phase (standings, print_certificates), and the phase they name (scoring.exports.find_phase)."""

from django.core.management.base import CommandError

from scoring import exports


def add_phase_arguments(parser) -> None:
    parser.add_argument("--campaign", required=True, help="năm đợt thi đua, ví dụ 2022")
    parser.add_argument("--phase", required=True, help="số giai đoạn: 1 (sơ kết), 2 …")
    parser.add_argument(
        "--ward", help="mã phường (khi cơ sở dữ liệu có nhiều phường); mặc định phường đầu"
    )


def phase_from_options(campaign, phase, ward):
    """The phase named on the command line, campaign and ward loaded; CommandError (in
    Vietnamese) when there is no such ward, campaign or phase."""
    try:
        return exports.find_phase(campaign, phase, ward)
    except exports.PhaseLookupError as exc:
        raise CommandError(str(exc)) from exc
