"""What ends an answer early with a message for the person waiting for it."""


class AnswerFailed(Exception):
    """The answer cannot go on (the model did not answer, no worker took a tool job).

    The message is for a person; the answer ends with an ``error`` event and
    ``done``, and what was written so far is saved.
    """
