"""Post the cost report to a pull/merge request as one comment that stays current.

Layout: :mod:`interface` (the ``CommentHost`` plug point), one module per host
(:mod:`github`, :mod:`gitlab`, :mod:`azure_repos`, :mod:`bitbucket`), :mod:`poster` (the
host-independent behaviours), :mod:`detect` (which CI are we in, and its settings),
:mod:`http` (the retrying client) and :mod:`safety` (escaping and token masking).

Nothing here imports ``requests`` at module import time.
"""
