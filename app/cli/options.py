"""What several ``crosswalk`` commands take alike: the resource root, description files, dates as the API
reads them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

ROOT_HELP = (
    "Folder holding ontology/, data/, shapes/ and queries/ "
    "(default: $CROSSWALK_RESOURCE_ROOT, else the copy shipped with the package, else the checkout)."
)
root_option = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar="CROSSWALK_RESOURCE_ROOT",
    default=None,
    help=ROOT_HELP,
)
DESCRIPTION_FILE = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)


class IsoDate(click.ParamType[date, str | date]):
    """A calendar date written YYYY-MM-DD, read by the same ``iso_date`` as the API's ``as_of``."""

    name = "date"

    def convert(self, value: str | date, param: click.Parameter | None, ctx: click.Context | None) -> date:
        from app.crosswalk.versions import iso_date

        if isinstance(value, date):
            return value
        try:
            return iso_date(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)  # it names the value


ISO_DATE = IsoDate()
