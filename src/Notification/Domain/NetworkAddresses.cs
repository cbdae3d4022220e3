using System.Net;
using System.Net.Sockets;

namespace SupportPlatform.Notification.Domain;

/// <summary>
/// Whether an address is on the public internet: a webhook endpoint must be, so that an
/// integrator cannot make the platform call into its own network (loopback, private ranges,
/// link-local — where cloud metadata services live —, carrier-grade NAT, multicast, …). Pure.
/// </summary>
public static class NetworkAddresses
{
    private static readonly (IPAddress Network, int Prefix)[] NonPublicV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("100.64.0.0"), 10), (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("172.16.0.0"), 12), (IPAddress.Parse("192.0.0.0"), 24), (IPAddress.Parse("192.0.2.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("198.18.0.0"), 15), (IPAddress.Parse("198.51.100.0"), 24), (IPAddress.Parse("203.0.113.0"), 24),
        (IPAddress.Parse("192.88.99.0"), 24), (IPAddress.Parse("224.0.0.0"), 4), (IPAddress.Parse("240.0.0.0"), 4),
    ];

    private static readonly (IPAddress Network, int Prefix)[] NonPublicV6 =
    [
        (IPAddress.Parse("::1"), 128), (IPAddress.Parse("fc00::"), 7), (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("ff00::"), 8), (IPAddress.Parse("2001:db8::"), 32), (IPAddress.Parse("64:ff9b::"), 96), (IPAddress.Parse("64:ff9b:1::"), 48),
        // Forms that carry an IPv4 address inside (IPv4-compatible, -translated, 6to4, Teredo),
        // site-local and discard-only.
        (IPAddress.Parse("::"), 96), (IPAddress.Parse("::ffff:0:0:0"), 96), (IPAddress.Parse("2002::"), 16), (IPAddress.Parse("2001::"), 32),
        (IPAddress.Parse("fec0::"), 10), (IPAddress.Parse("100::"), 64),
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var ranges = address.AddressFamily == AddressFamily.InterNetwork ? NonPublicV4 : NonPublicV6;
        return !ranges.Any(range => new IPNetwork(range.Network, range.Prefix).Contains(address));
    }
}
