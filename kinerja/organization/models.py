"""Instance (instansi), unit tree and positions (jabatan)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from kinerja.core.models import TenantModel, TimeStamped
from kinerja.core.tree import subtree_q
from kinerja.rules import places


class Instance(TimeStamped):
    """A government (Pemerintah Kota Palembang): the tenant and the sharding key."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(
        _("place of signing"), max_length=120, blank=True,
        help_text=_("The city or regency where the instance's documents are signed (e.g. Palembang), "
                    "printed before the date above the signatures."))
    code = models.CharField(_("BKN instance code"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def signing_place(self) -> str:
        """Where documents are signed: the ``city`` setting, else the city or regency the name gives."""
        return self.city or places.place_from_name(self.name)


class UnitKind(models.TextChoices):
    SETDA = "setda", _("Regional secretariat")
    DINAS = "dinas", _("Agency (dinas)")
    BADAN = "badan", _("Board (badan)")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
    SEKRETARIAT = "sekretariat", _("Secretariat")
    BIDANG = "bidang", _("Division (bidang)")
    SUBBAGIAN = "subbagian", _("Sub-division (subbagian)")
    SEKSI = "seksi", _("Section (seksi)")
    UPTD = "uptd", _("Technical unit (UPTD)")
    PUSKESMAS = "puskesmas", _("Community health centre (puskesmas)")
    SEKOLAH = "sekolah", _("School")
    OTHER = "other", _("Other")


OPD_KINDS = {UnitKind.SETDA, UnitKind.DINAS, UnitKind.BADAN, UnitKind.KECAMATAN}


class UnitQuerySet(MP_NodeQuerySet):
    def for_instance(self, instance_id: int):
        return self.filter(instance_id=instance_id)

    def subtree_of(self, paths: list[str]):
        """Units at or below any of the given tree paths."""
        return self.filter(subtree_q(paths, "path"))


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    pass


class Unit(MP_Node, TenantModel):
    """A node of the organisation tree: OPD → bidang → seksi; kecamatan → kelurahan.

    Stored as a materialised path (django-treebeard), so "everything under unit X" is one
    indexed ``path LIKE 'X%'`` filter: the basis of every org-scoped permission.
    """

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    code = models.CharField(_("code"), max_length=40, blank=True)
    siasn_id = models.CharField(_("SIASN UNOR ID"), max_length=64, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["instance", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "siasn_id"],
                condition=~models.Q(siasn_id=""),
                name="unit_unique_siasn_id_per_instance",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_opd(self) -> bool:
        return self.kind in OPD_KINDS


class PositionKind(models.TextChoices):
    JPT = "JPT", _("Senior executive (JPT)")
    ADMINISTRATOR = "ADMINISTRATOR", _("Administrator")
    PENGAWAS = "PENGAWAS", _("Supervisor (Pengawas)")
    PELAKSANA = "PELAKSANA", _("Executor (Pelaksana)")
    FUNGSIONAL = "FUNGSIONAL", _("Functional")


STRUCTURAL_KINDS = {PositionKind.JPT, PositionKind.ADMINISTRATOR, PositionKind.PENGAWAS}


class PositionQuerySet(models.QuerySet):
    def for_instance(self, instance_id: int):
        return self.filter(instance_id=instance_id)


class Position(TenantModel):
    """A jabatan in a unit, with the position that supervises it.

    The superior position makes the evaluation chain: an employee's pejabat penilai is the
    holder (or acting holder) of their position's superior, and so on upwards.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PositionKind.choices)
    is_head = models.BooleanField(
        _("heads the unit"), default=False, help_text=_("The holder leads the unit (e.g. Kepala Dinas, Camat).")
    )
    superior = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("superior position"),
    )
    single_holder = models.BooleanField(
        _("single holder"), default=True, help_text=_("Only one person may hold it at a time.")
    )
    echelon = models.CharField(_("echelon"), max_length=10, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit__path", "-is_head", "name"]
        indexes = [models.Index(fields=["instance", "name"])]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="position_unique_name_per_unit"),
            models.UniqueConstraint(
                fields=["unit"], condition=models.Q(is_head=True), name="position_one_head_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_structural(self) -> bool:
        return self.kind in STRUCTURAL_KINDS
