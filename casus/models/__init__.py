"""Models of the casus app, one module per aggregate."""

from .casus import (
    STANDAARD_THEMAS,
    AveNiveau,
    Casus,
    CasusGroupObjectPermission,
    CasusStatus,
    CasusTeller,
    Deelnemer,
    DeelnemerRol,
    Thema,
)
from .persoon import Persoon, PersoonRelatie, RelatieType
from .verrijking import LEEFGEBIED_CODES, LEEFGEBIEDEN_ZRM, Uitvraag

__all__ = [
    "LEEFGEBIEDEN_ZRM",
    "LEEFGEBIED_CODES",
    "STANDAARD_THEMAS",
    "AveNiveau",
    "Casus",
    "CasusGroupObjectPermission",
    "CasusStatus",
    "CasusTeller",
    "Deelnemer",
    "DeelnemerRol",
    "Persoon",
    "PersoonRelatie",
    "RelatieType",
    "Thema",
    "Uitvraag",
]
