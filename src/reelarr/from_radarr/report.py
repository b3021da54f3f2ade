"""What an import did: counts per section, what was mapped or skipped and why, and what needs a human."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Report:
    dry_run: bool = False
    source: str = ""
    migration: int = 0
    imported: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    mapped: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    needs_human: list[str] = field(default_factory=list)

    def add(self, section: str, *, new: bool) -> None:
        (self.imported if new else self.updated)[section] += 1

    def render(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        schema = f" (schema migration {self.migration})" if self.migration else ""
        lines = [f"Radarr data from {self.source}{schema}", ""]
        lines.append(f"What Reelarr {verb} (new / updated):")
        for section in sorted(set(self.imported) | set(self.updated)):
            lines.append(f"  {section}: {self.imported[section]} new, {self.updated[section]} updated")
        for title, entries in (
            ("Mapped", self.mapped),
            ("Skipped", self.skipped),
            ("Needs you", self.needs_human),
        ):
            if entries:
                lines += ["", f"{title}:"] + [f"  - {entry}" for entry in entries]
        if self.dry_run:
            lines += ["", "Dry run: nothing was written."]
        return "\n".join(lines) + "\n"
