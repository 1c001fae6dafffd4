"""TEMPORARY: the pages of cbm are the dashboard's until the notification pages join them here."""

from cica.cbm.dashboard import router

__all__ = ["router"]
