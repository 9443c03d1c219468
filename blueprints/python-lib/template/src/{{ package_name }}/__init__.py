"""{{ description }}."""

from .index import index_url

__all__ = ["index_url"]
__version__ = "0.1.0"
