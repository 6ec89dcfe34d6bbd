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
    Jaarteller,
    Thema,
)
from .overleg import (
    Aanwezigheid,
    Besluit,
    Casusoverleg,
    Geheimhoudingsverklaring,
    OverlegStatus,
    Overlegtafel,
    OverlegType,
    Sessie,
    Slot,
    Uitnodiging,
)
from .persoon import Persoon, PersoonRelatie, RelatieType

__all__ = [
    "STANDAARD_THEMAS",
    "Aanwezigheid",
    "AveNiveau",
    "Besluit",
    "Casus",
    "CasusGroupObjectPermission",
    "CasusStatus",
    "CasusTeller",
    "Casusoverleg",
    "Deelnemer",
    "DeelnemerRol",
    "Geheimhoudingsverklaring",
    "Jaarteller",
    "OverlegStatus",
    "OverlegType",
    "Overlegtafel",
    "Persoon",
    "PersoonRelatie",
    "RelatieType",
    "Sessie",
    "Slot",
    "Thema",
    "Uitnodiging",
]
