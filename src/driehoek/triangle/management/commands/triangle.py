"""`driehoek triangle HOME_SCHOOL HOME_CHILD SCHOOL_CHILD [--json]`: the model by hand.

Prints the full result for three pair scores on the 1–5 scale, so anyone can check the
geometry without a database. `driehoek triangle --reliability` prints Cronbach's α of
every scale over the answers stored in the database.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from driehoek.triangle.geometry import triangle


class Command(BaseCommand):
    help = (
        "Compute the dynamic triangle for three pair scores (1-5): home-school, "
        "home-child, school-child. --reliability: Cronbach's alpha per scale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scores", nargs="*", type=float, metavar="SCORE")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--reliability",
            action="store_true",
            help="Cronbach's alpha of each scale over the stored answers.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reliability"]:
            self._reliability(as_json=options["json"])
            return
        scores = options["scores"]
        if len(scores) != 3:
            raise CommandError("Give three pair scores: HOME_SCHOOL HOME_CHILD SCHOOL_CHILD.")
        try:
            result = triangle(*scores)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        sides = result.sides
        signs = result.signs
        lines = [
            "pair scores   home-school {hs:.2f}  home-child {hc:.2f}  school-child {sc:.2f}".format(
                **result.scores
            ),
            f"sides         home-school {sides['hs']:.2f}  home-child {sides['hc']:.2f}  "
            f"school-child {sides['sc']:.2f}  (side = 7 - score)",
            f"triangle      {'degenerate (flat): growth space 0' if result.degenerate else 'ok'}",
            f"area          {result.area:.4f}   incircle r {result.incircle_radius:.4f}",
            f"growth space  G = {result.growth_space:.4f}   (1 = equilateral)",
            f"level         {result.level:.2f}  ({result.level_class})",
            f"shape         {result.shape}",
            f"signs         home-school {signs['hs']}  home-child {signs['hc']}  "
            f"school-child {signs['sc']}",
            f"pattern       {result.pattern}  (Heider balanced: "
            f"{'n/a' if result.heider_balanced is None else result.heider_balanced})",
            f"loyalty conflict  {'YES' if result.loyalty_conflict else 'no'}",
        ]
        self.stdout.write("\n".join(lines))

    def _reliability(self, *, as_json: bool) -> None:
        from driehoek.triangle.selectors import reliability_report

        rows = reliability_report()
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            alpha = "n/a" if row["alpha"] is None else f"{row['alpha']:.3f}"
            self.stdout.write(
                f"{row['questionnaire']:<18} {row['pair']:<3} items {row['items']}  "
                f"n {row['n']:>4}  alpha {alpha}"
            )
