# The Celery app loads with Django, so that tasks sent from the web process
# use its configuration (the standard Django and Celery layout).
from project.celery import app as celery_app

__all__ = ["celery_app"]
