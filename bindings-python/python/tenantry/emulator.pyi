from typing import Any, Iterator, Optional
import contextlib

from . import Tenancy

__all__ = ["Emulator", "serve", "DEFAULT_SECRET"]

DEFAULT_SECRET: str
ARM_SCOPE: str
GRAPH_SCOPE: str

class Emulator:
    secret: str
    def __init__(
        self,
        tenancy: Tenancy,
        *,
        secret: str = ...,
        port: int = ...,
        page_size: Optional[int] = ...,
        tls_dir: Optional[str] = ...,
        quiet: bool = ...,
    ) -> None: ...
    @property
    def url(self) -> str: ...
    @property
    def ca(self) -> str: ...
    @property
    def running(self) -> bool: ...
    @property
    def tenancy(self) -> Tenancy: ...
    def snapshot(self) -> dict[str, Any]: ...
    def credential(self, account: str, tenant: Optional[str] = ...) -> Any: ...
    def arm_options(self) -> dict[str, Any]: ...
    def reset(self) -> None: ...
    def stop(self) -> None: ...
    def __enter__(self) -> Emulator: ...
    def __exit__(self, *exc: object) -> None: ...

@contextlib.contextmanager
def serve(
    tenancy: Tenancy,
    *,
    secret: str = ...,
    port: int = ...,
    page_size: Optional[int] = ...,
    tls_dir: Optional[str] = ...,
    quiet: bool = ...,
) -> Iterator[Emulator]: ...
