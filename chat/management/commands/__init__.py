"""`python manage.py demo` and friends."""
