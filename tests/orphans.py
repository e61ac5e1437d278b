"""A forked process dies with the one that forked it: shared by the tests of `build.spare` and
`render.weasypaint`, whose processes go by PR_SET_PDEATHSIG."""
from __future__ import annotations

import os
import select
import signal
import subprocess


def dies_with(parent: subprocess.Popen, child: int, what: str) -> None:
    """SIGKILL `parent` (which leaves no `finally` to end `child`); `child` must end too."""
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    try:  # readable once the process has ended (a zombie for whoever adopted it, or gone)
        ended = os.pidfd_open(child)
    except ProcessLookupError:
        return
    try:
        assert select.select([ended], [], [], 120)[0], f"{what} {child} outlived the process that forked it"
    finally:
        os.close(ended)
