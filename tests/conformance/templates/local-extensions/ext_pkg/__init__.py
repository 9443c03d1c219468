from .tags import ShoutExtension  # noqa: F401
