"""The geometry of the casus page's two small charts, computed on the server: the template
draws them as inline SVG (no script, no library), each followed by a table with the same data.

Both take plain values and return plain values, so the arithmetic is tested without a page.
"""

import datetime
from dataclasses import dataclass, field

# The AVE chart: a line over the points in time order, evenly spaced (a chart of a few points
# reads better by order than by date; the dates are in its table).
AVE_BREEDTE = 480
AVE_HOOGTE = 170
AVE_LINKS = 64  # room for the level labels
AVE_RECHTS = 16
AVE_BOVEN = 14
AVE_ONDER = 34  # room for the first and last date
AVE_NIVEAUS = (1, 2, 3, 4)


@dataclass(frozen=True)
class AvePunt:
    """One recorded level: at opening (triage) or agreed in an MDO."""

    datum: datetime.date
    niveau: int
    bron: str

    @property
    def datum_label(self) -> str:
        return datum_tekst(self.datum)


@dataclass(frozen=True)
class Stip:
    x: float
    y: float
    label: str


@dataclass
class AveGrafiek:
    punten: list[AvePunt]
    lijn: str = ""
    stippen: list[Stip] = field(default_factory=list)
    rasterlijnen: list[tuple[int, float]] = field(default_factory=list)
    datums: list[Stip] = field(default_factory=list)
    breedte: int = AVE_BREEDTE
    hoogte: int = AVE_HOOGTE
    links: int = AVE_LINKS
    rechts: int = AVE_BREEDTE - AVE_RECHTS


def datum_tekst(d: datetime.date) -> str:
    """A date as the page's tables show it (7-3-2026)."""
    return f"{d.day}-{d.month}-{d.year}"


def _ave_y(niveau: int) -> float:
    """Level 4 (full escalation) at the top, level 1 at the bottom."""
    hoogte = AVE_HOOGTE - AVE_BOVEN - AVE_ONDER
    stap = hoogte / (len(AVE_NIVEAUS) - 1)
    return round(AVE_BOVEN + (AVE_NIVEAUS[-1] - niveau) * stap, 1)


def _x_posities(aantal: int, links: float, rechts: float) -> list[float]:
    if aantal == 1:
        return [round((links + rechts) / 2, 1)]
    stap = (rechts - links) / (aantal - 1)
    return [round(links + i * stap, 1) for i in range(aantal)]


def ave_grafiek(punten: list[AvePunt]) -> AveGrafiek:
    """The AVE trend of `punten` (oldest first): a polyline, a dot per point and gridlines
    at each level; the first and the last date under the axis."""
    grafiek = AveGrafiek(punten=punten)
    grafiek.rasterlijnen = [(n, _ave_y(n)) for n in AVE_NIVEAUS]
    if not punten:
        return grafiek
    xs = _x_posities(len(punten), AVE_LINKS + 12, AVE_BREEDTE - AVE_RECHTS - 12)
    grafiek.stippen = [
        Stip(x, _ave_y(p.niveau), f"AVE {p.niveau}") for x, p in zip(xs, punten, strict=True)
    ]
    grafiek.lijn = " ".join(f"{s.x},{s.y}" for s in grafiek.stippen)
    onder = AVE_HOOGTE - AVE_ONDER + 22
    grafiek.datums = [Stip(xs[0], onder, datum_tekst(punten[0].datum))]
    if len(punten) > 1:
        grafiek.datums.append(Stip(xs[-1], onder, datum_tekst(punten[-1].datum)))
    return grafiek


# The life-domain chart: one row per domain, a small line per row over the score rounds
# (oldest left), a gap where a round did not score the domain, the latest value at the right.
LG_BREEDTE = 520
LG_LABEL = 190  # room for the domain names
LG_WAARDE = 40  # room for the latest value
LG_RIJ = 24
LG_KOP = 8


@dataclass
class LeefgebiedRij:
    naam: str
    y_midden: float
    y_lijn: float
    lijnen: list[str]
    stippen: list[Stip]
    laatste: str


@dataclass
class LeefgebiedGrafiek:
    rijen: list[LeefgebiedRij]
    breedte: int = LG_BREEDTE
    hoogte: int = 0
    label_x: int = LG_LABEL - 8
    waarde_x: int = LG_BREEDTE - 4


def leefgebied_grafiek(
    rijen: list[tuple[str, list[int | None]]], *, laagste: int, hoogste: int
) -> LeefgebiedGrafiek:
    """Per domain (name, its score in each round shown, None when not scored) one row; the
    scale's `laagste` value at the bottom of a row, `hoogste` at its top."""
    spreiding = max(hoogste - laagste, 1)
    aantal = max((len(waarden) for _naam, waarden in rijen), default=0)
    xs = _x_posities(aantal, LG_LABEL + 6, LG_BREEDTE - LG_WAARDE - 6) if aantal else []
    uit = []
    for i, (naam, waarden) in enumerate(rijen):
        boven = LG_KOP + i * LG_RIJ + 4
        binnen = LG_RIJ - 8

        def y(waarde, boven=boven, binnen=binnen):
            return round(boven + (hoogste - waarde) / spreiding * binnen, 1)

        stippen, lijnen, stuk = [], [], []
        for x, waarde in zip(xs, waarden, strict=False):
            if waarde is None:
                if len(stuk) > 1:
                    lijnen.append(" ".join(stuk))
                stuk = []
                continue
            stip = Stip(x, y(waarde), str(waarde))
            stippen.append(stip)
            stuk.append(f"{stip.x},{stip.y}")
        if len(stuk) > 1:
            lijnen.append(" ".join(stuk))
        laatste = next((str(w) for w in reversed(waarden) if w is not None), "–")
        uit.append(
            LeefgebiedRij(
                naam=naam,
                y_midden=boven + binnen / 2 + 4,
                y_lijn=boven + binnen + 2,
                lijnen=lijnen,
                stippen=stippen,
                laatste=laatste,
            )
        )
    return LeefgebiedGrafiek(rijen=uit, hoogte=LG_KOP * 2 + LG_RIJ * len(rijen))
