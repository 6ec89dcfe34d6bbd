"""What a verification found: its breaks, up to a limit (`audit_verify --max-fouten`)."""

from dataclasses import dataclass, field


@dataclass(kw_only=True)
class Findings:
    breaks: list = field(default_factory=list)
    # 0: no limit.
    limit: int = 0
    # True when the check stopped at `limit` breaks: there may be more.
    capped: bool = False

    @property
    def ok(self):
        return not self.breaks

    def add(self, problem):
        """Record a break; False once the limit is reached (the check stops)."""
        self.breaks.append(problem)
        if self.limit and len(self.breaks) >= self.limit:
            self.capped = True
            return False
        return True
