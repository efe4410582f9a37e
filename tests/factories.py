"""factory-boy factories shared by the whole suite. Tenant factories must be used inside city_context."""

from __future__ import annotations

import factory

from accounts.models import Membership, User
from cities.models import City, Province


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "99"
    bps_code = "99"
    name = "Provinsi Uji"


class CityFactory(factory.django.DjangoModelFactory):
    """An active test city with a made-up code in the 99.xx range (no real kota uses it)."""

    class Meta:
        model = City

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"99.{n % 100:02d}")
    bps_code = factory.Sequence(lambda n: f"99{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Kota Uji {n}")
    slug = factory.Sequence(lambda n: f"kota-uji-{n}")
    timezone = "Asia/Jakarta"
    is_active = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    name = factory.Sequence(lambda n: f"Orang Uji {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    """Memberships are under RLS: create them inside city_context(city) or user_context(user.pk)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    city = None
    role = Membership.Role.STAFF


def give_totp(user, secret: str | None = None) -> str:
    """Give ``user`` a confirmed TOTP authenticator (allauth.mfa); returns its base32 secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret
    from allauth.mfa.utils import encrypt

    secret = secret or generate_totp_secret()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)})
    return secret


def totp_code(secret: str) -> str:
    """The current 6-digit code for ``secret``, as an authenticator app shows it."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
