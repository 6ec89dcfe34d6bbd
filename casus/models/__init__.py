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
from .pitch import FEIT_MAX_LENGTH, PITCH_MAX_LENGTH, Pitch, PitchFeit
from .scores import (
    ACTUEEL_DAGEN,
    ZRM_LEEFGEBIEDEN,
    ZRM_SCHAAL,
    Leefgebied,
    Schaalwaarde,
    Score,
    Scoreformulier,
)

__all__ = [
    "ACTUEEL_DAGEN",
    "FEIT_MAX_LENGTH",
    "PITCH_MAX_LENGTH",
    "STANDAARD_THEMAS",
    "ZRM_LEEFGEBIEDEN",
    "ZRM_SCHAAL",
    "AveNiveau",
    "Casus",
    "CasusGroupObjectPermission",
    "CasusStatus",
    "CasusTeller",
    "Deelnemer",
    "DeelnemerRol",
    "Leefgebied",
    "Persoon",
    "PersoonRelatie",
    "Pitch",
    "PitchFeit",
    "RelatieType",
    "Schaalwaarde",
    "Score",
    "Scoreformulier",
    "Thema",
]
