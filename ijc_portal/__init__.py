"""IJC Portal: the Django project shared by every city's Inclusive Job Center."""

from .celery import app as celery_app

__all__ = ["celery_app"]
