"""Settings come from the environment, each declared once with its variable, default and help."""

from dataclasses import fields

from cica.core.settings import SETTINGS, Settings


def test_every_setting_field_is_declared_with_help() -> None:
    assert [spec.name for spec in SETTINGS] == [f.name for f in fields(Settings)]
    assert all(spec.help and spec.env.startswith("CICA_") for spec in SETTINGS)


def test_settings_are_read_from_the_environment() -> None:
    settings = Settings.from_env({"CICA_DATABASE_URL": "sqlite:///x.db"})
    assert settings.database_url == "sqlite:///x.db"
    assert settings.default_language == "en"
