"""The index's exceptions. Every message is safe to show a user as it is."""


class NewsbotError(Exception):
    """Base of every error the index raises on purpose; str(e) is user-safe."""


class SourceError(NewsbotError):
    """An input (file, page, feed) could not be read or made into articles."""


class FetchError(SourceError):
    """A URL could not be fetched (dead, slow, too large, not found, not text); str() is "URL: reason"."""

    def __init__(self, reason: str, *, url: str = "") -> None:
        super().__init__(f"{url}: {reason}" if url else reason)
        self.reason = reason
        self.url = url


class ConfigError(NewsbotError):
    """A setting is missing or invalid."""


class EmbedderMismatch(ConfigError):
    """An index's vectors came from another model or backend than the configured one: rebuild it."""


class StoreError(NewsbotError):
    """The vector store or document store failed or is unreachable."""


class RebuildInProgress(NewsbotError):
    """A rebuild of this corpus is already running."""


class BadQuestion(NewsbotError):
    """A question is empty, too long, or otherwise not answerable as asked."""


def reason_about(source: str, exc: Exception) -> str:
    """An error's text for a line that already names its source: "URL: timeout" about URL is "timeout"."""
    text = str(exc)
    return text[len(source) + 2 :] if source and text.startswith(f"{source}: ") else text
