"""Dependencies shared by every router: settings, pagination."""

from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BaseModel

from talentmatch.core.config import Settings


def get_app_settings(request: Request) -> Settings:
    """The settings the application was created with."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


MAX_OFFSET = 10**9
MAX_LIMIT = 10**6  # lowered to MAX_PAGE_SIZE; larger numbers are a client's mistake


class PageParams(BaseModel):
    """Offset and limit of a page, the limit capped by MAX_PAGE_SIZE."""

    offset: int
    limit: int


def page_params(
    settings: SettingsDep,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Posição inicial")] = 0,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Máximo de registros (reduzido a MAX_PAGE_SIZE)")
    ] = 100,
) -> PageParams:
    """Offset/limit from the query; a limit above the cap is lowered to it (400 above MAX_LIMIT)."""
    return PageParams(offset=offset, limit=min(limit, settings.max_page_size))


PageDep = Annotated[PageParams, Depends(page_params)]
