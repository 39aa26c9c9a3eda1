"""The one exception a tool raises for a person (re-exported by ``registry``).

Its own module, below both the registry and the job engine
(``agents.jobs``), which turns an item's ``ToolError`` into ``ItemFailed``.
"""


class ToolError(Exception):
    """The tool could not answer; the message says why, for a person."""
