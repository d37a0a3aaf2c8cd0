"""Serving the dashboard to many people: a kernel manager with a limit on concurrent kernels.

Voilà starts one kernel (about 200 MB) per page load. Closing a page asks Voilà to shut its
kernel down, but that request is refused by the XSRF check (voila issue 1458), so the kernels of
closed pages stay. ``make dashboard`` therefore runs Voilà with Jupyter's idle-kernel culling
(``MappingKernelManager.cull_idle_timeout``, ``cull_interval``, ``cull_connected=False``: a
kernel whose page is closed has no connection, goes idle and is shut down; a kernel with a page
open is kept), and with :class:`LimitedKernelManager`, which refuses a new page with a clear
"try again later" page (HTTP 503) once ``max_kernels`` kernels are running. The token and the
XSRF check stay on.

Examples
--------
>>> LimitedKernelManager(max_kernels=3).max_kernels
3
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Integer

__all__ = ["LimitedKernelManager", "FULL_MESSAGE"]

#: What a visitor reads when the dashboard is full (the page Voilà shows for HTTP 503).
FULL_MESSAGE = ("The dashboard is busy: {n} sessions are open, its limit. Please try again in a "
                "few minutes (closed sessions are freed after they have been idle for a while).")


class LimitedKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a limit on the kernels running at the same time.

    Use it in Voilà with ``--VoilaConfiguration.multi_kernel_manager_class=
    zonekit.dashboard.LimitedKernelManager --LimitedKernelManager.max_kernels=N``. Culling
    options (``--MappingKernelManager.cull_idle_timeout`` ...) apply to it as to its base class.

    Kernels starting count towards the limit, so a burst of page loads cannot overshoot it.

    Examples
    --------
    >>> km = LimitedKernelManager(max_kernels=0)  # 0: no limit
    >>> km.max_kernels, km.cull_connected
    (0, False)
    """

    max_kernels = Integer(10, config=True,
                          help="Most kernels running at the same time (0: no limit). A page "
                          "load beyond it gets HTTP 503 with a 'try again later' message.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0

    async def start_kernel(self, *args, kernel_id=None, **kwargs):
        """Start a kernel, or refuse with HTTP 503 when ``max_kernels`` are running.

        Examples
        --------
        >>> import asyncio
        >>> km = LimitedKernelManager(max_kernels=1)
        >>> km._starting = 1  # one kernel on its way up
        >>> asyncio.run(km.start_kernel())
        Traceback (most recent call last):
        ...
        tornado.web.HTTPError: HTTP 503: The dashboard is busy: 1 sessions are open, its limit. ...
        """
        if kernel_id is None and self.max_kernels > 0:
            n = len(self.list_kernel_ids()) + self._starting
            if n >= self.max_kernels:
                self.log.warning("zonekit: %d kernels running, the limit; page refused", n)
                # Voila's error page shows the reason: "503: The dashboard is busy..."
                message = FULL_MESSAGE.format(n=n)
                raise HTTPError(503, message, reason=message)
        self._starting += 1
        try:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        finally:
            self._starting -= 1
