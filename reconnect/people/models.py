"""People: accounts (email sign-in), programs, roles, clients, care teams, supervision, tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from reconnect.people.signals import password_changed as password_changed_signal


class Role(models.TextChoices):
    CLIENT = "client", "Client"
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Supervisor"
    ADMIN = "admin", "Program admin"
    SUPPORTER = "supporter", "Supporter"
    # People with lived experience of recovery who facilitate peer groups and may join a
    # client's care team with a narrower view than a clinician's (clinical-reference §4.2).
    PEER = "peer", "Peer recovery specialist"


STAFF_ROLES = frozenset({Role.CLINICIAN, Role.SUPERVISOR, Role.ADMIN, Role.PEER})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        """Create a person who signs in with this email address."""
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        """Create a platform operator (Django's is_superuser); not a program role."""
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """One account per human; signs in with an email address."""

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Bumped on sign-out, password change and disable: every session signed with an older
    # generation stops being valid (security-reference #18).
    session_generation = models.PositiveIntegerField(default=0)
    # The IANA time zone every time and day is shown in ("" = the program's; see timezones.py).
    time_zone = models.CharField(max_length=64, blank=True)
    # An address a program admin entered to replace a bouncing one: it becomes the sign-in
    # address only once its owner opens the link sent to it (accounts/email_change.py).
    pending_email = models.EmailField(blank=True)

    objects = UserManager()
    # Django's AbstractBaseUser holds a new raw password here until the next save().
    _password: str | None

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0] if self.display_name else self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every way a password changes (the form, a reset link, an operator's command) ends in
        # set_password() and save(), so API tokens and remembered browsers end here, with the
        # sessions (#18).
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            KnownDevice.objects.filter(user=self, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            password_changed_signal.send(sender=User, user=self)

    def get_session_auth_hash(self) -> str:
        """Django's session hash, extended with the session generation."""
        key_salt = "reconnect.people.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_generation}", algorithm="sha256"
        ).hexdigest()

    @property
    def membership(self) -> Membership | None:
        """This person's membership (role) in their program, cached on the instance."""
        if not hasattr(self, "_membership_cache"):
            self._membership_cache = (
                Membership.objects.select_related("program").filter(user=self).first()
            )
        return self._membership_cache

    @property
    def role(self) -> str | None:
        membership = self.membership
        return membership.role if membership else None

    @property
    def is_program_staff(self) -> bool:
        """Clinicians, supervisors, program admins and peer recovery specialists (two-factor
        sign-in is required)."""
        return self.role in STAFF_ROLES


class Program(models.Model):
    """A treatment program: the unit that holds people, care teams and records."""

    name = models.CharField(max_length=160, unique=True)
    # The time zone of people who have not chosen their own ("" = settings.TIME_ZONE).
    time_zone = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


def normalise_name(name: str) -> str:
    """A display name as stored: one space between words, none around."""
    return " ".join(name.split())


class MembershipQuerySet(models.QuerySet["Membership"]):
    def staff_named(self, program: Program, name: str) -> MembershipQuerySet:
        """Staff in the program with this display name, whatever its case and spacing."""
        return self.filter(
            program=program, role__in=STAFF_ROLES, user__display_name__iexact=normalise_name(name)
        )


class Membership(models.Model):
    """A person's role in a program."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "program"], name="one_role_per_program"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} in {self.program_id}"


class ClientQuerySet(models.QuerySet["Client"]):
    def on_care_team_of(self, clinician: User) -> ClientQuerySet:
        return self.filter(care_team__clinician=clinician)

    def supervised_by(self, supervisor: User) -> ClientQuerySet:
        return self.filter(care_team__clinician__supervisors__supervisor=supervisor).distinct()


class Client(models.Model):
    """A person in care: the root of their record. Every read goes through reconnect.access."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="clients")
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="client")
    pronouns = models.CharField(max_length=40, blank=True)
    # Optional demographic fields, used only for the radar's fairness report; the client
    # chooses them (or "prefer not to say") from the lists in demographics.py.
    age_band = models.CharField(max_length=20, blank=True)
    gender = models.CharField(max_length=60, blank=True)
    language = models.CharField(max_length=60, blank=True)
    race_ethnicity = models.CharField(max_length=120, blank=True)
    # The client's switch: a peer recovery specialist on the care team may read the safety plan
    # (never edit it). Off unless the client turns it on (access/gate.py).
    safety_plan_to_peer = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientQuerySet.as_manager()

    def __str__(self) -> str:
        return f"client {self.pk}"

    @property
    def display_name(self) -> str:
        return self.user.display_name


class CareTeamMember(models.Model):
    """A clinician on a client's care team, or a peer recovery specialist (whose view of the
    record the access gate narrows to the peer scope)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_team")
    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="care_teams")
    is_primary = models.BooleanField(default=True)
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "clinician"], name="once_per_care_team"),
        ]

    def __str__(self) -> str:
        return f"clinician {self.clinician_id} for client {self.client_id}"


class NoticeKind(models.TextChoices):
    JOINED = "joined", "joined your care team"
    SUPERVISES = "supervises", "now supervises your care team"


class CareTeamNotice(models.Model):
    """Shown on the client's home: someone new can see their record, because a clinician joined
    their care team or a supervisor now oversees a clinician on it.

    Names the person with their role and email address, so a new account given a real
    colleague's name is told apart; kept when the person leaves again, so a short visit to the
    team is not hidden.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_team_notices")
    kind = models.CharField(max_length=12, choices=NoticeKind.choices, default=NoticeKind.JOINED)
    person_name = models.CharField(max_length=120)
    person_role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    person_email = models.EmailField(blank=True)
    added_by_name = models.CharField(max_length=120, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-joined_at", "-id"]

    def __str__(self) -> str:
        return f"care team notice {self.pk} for client {self.client_id}"

    @property
    def who(self) -> str:
        """The name with role and email: "Robin Okafor (clinician, robin.o@clinic.example)"."""
        details = [self.get_person_role_display().lower(), self.person_email]
        details = [d for d in details if d]
        return f"{self.person_name} ({', '.join(details)})" if details else self.person_name


class Supervision(models.Model):
    """A supervisor oversees a clinician's caseload."""

    supervisor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supervisees")
    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supervisors")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "clinician"], name="supervise_once"),
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("clinician")), name="no_self_supervision"
            ),
        ]

    def __str__(self) -> str:
        return f"supervisor {self.supervisor_id} of {self.clinician_id}"


TOKEN_PREFIX = "rct"  # noqa: S105 (a public prefix, not a secret)


def hash_token(raw: str) -> str:
    """Hash an API token for storage (tokens are 256-bit random, so a plain SHA-256 suffices)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class RevokedReason(models.TextChoices):
    BY_HOLDER = "by_holder", "revoked"
    PASSWORD_CHANGED = "password_changed", "ended when the password changed"
    ACCOUNT_DISABLED = "account_disabled", "ended when the account was disabled"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )


class ApiToken(models.Model):
    """A personal access token for the HTTP API; only its hash is stored. It ends at
    `expires_at`, when revoked, and when its holder's password changes or account is disabled."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # Written at most once a minute per token (see actions.authenticate_token).
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=20, choices=RevokedReason.choices, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"token {self.pk} ({self.hint}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def generate() -> str:
        return f"{TOKEN_PREFIX}_{secrets.token_urlsafe(32)}"


DEVICE_FAILURE_LIMIT = 5  # wrong passwords a remembered browser may present before it is not


class KnownDeviceQuerySet(models.QuerySet["KnownDevice"]):
    def honoured(self) -> KnownDeviceQuerySet:
        return self.filter(
            revoked_at__isnull=True, failures__lt=DEVICE_FAILURE_LIMIT, user__is_active=True
        )


class KnownDevice(models.Model):
    """A browser this person finished signing in on (OWASP's device cookie): the cookie holds a
    random token, only its hash is kept here. It spares the browser the account-wide sign-in
    pause until it presents DEVICE_FAILURE_LIMIT wrong passwords, the password changes, the
    person signs out elsewhere, or the account is disabled."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="known_devices")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)
    failures = models.PositiveSmallIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = KnownDeviceQuerySet.as_manager()

    def __str__(self) -> str:
        return f"known device {self.pk} of user {self.user_id}"
