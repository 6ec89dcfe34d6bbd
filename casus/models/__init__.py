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
from .persoon import Persoon, PersoonRelatie, RelatieType

__all__ = [
    "STANDAARD_THEMAS",
    "AveNiveau",
    "Casus",
    "CasusGroupObjectPermission",
    "CasusStatus",
    "CasusTeller",
    "Deelnemer",
    "DeelnemerRol",
    "Jaarteller",
    "Persoon",
    "PersoonRelatie",
    "RelatieType",
    "Thema",
]
