using System.Net;
using System.Net.Sockets;

namespace Provenant.TestSupport;

/// <summary>Loopback ports for tests that start servers as separate processes.</summary>
public static class LoopbackPort
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).</summary>
    public static int Free()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
