"""JupyterLab server settings for the tutorial (``make lab`` and the browser tests load this file).

The kernel's messages reach the browser over a websocket. The server writes each message
as soon as the kernel sends it, but without TCP_NODELAY the operating system holds a small
write back until the browser has acknowledged the previous one, which it may delay by up to
about 40 ms (Nagle's algorithm meeting delayed ACKs). A dragged slider waits for the kernel's
answer before it sends its next value, so that hold kept even a bare slider to about 17 changes
per second (about 27 without it). The connection below turns the hold off.
"""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class PromptKernelConnection(ZMQChannelsWebsocketConnection):
    """The default kernel websocket connection, with TCP_NODELAY set on its socket."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()


c.ServerApp.kernel_websocket_connection_class = PromptKernelConnection  # noqa: F821  (c: the config object)
