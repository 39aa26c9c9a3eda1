from django.conf import settings


def test_daphne_comes_first_so_runserver_serves_websockets():
    assert settings.INSTALLED_APPS[0] == "daphne"


def test_the_user_model_is_ours():
    assert settings.AUTH_USER_MODEL == "accounts.User"
