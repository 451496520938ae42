from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    """Shared state of one `seed_demo` run: the demo password, output, and the accounts seeds created."""

    password: str
    stdout: Any
    style: Any
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    def add_account(self, role: str, email: str) -> None:
        if all(existing[1] != email for existing in self.accounts):
            self.accounts.append((role, email, self.password))

    def print_accounts(self) -> None:
        if not self.accounts:
            return
        self.stdout.write("\nDemo accounts (sign in at /accounts/login/):")
        width = max(len(role) for role, _, _ in self.accounts)
        for role, email, password in self.accounts:
            self.stdout.write(f"  {role.ljust(width)}  {email}  /  {password}")
