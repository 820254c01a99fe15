using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace FedBus.AppHost.Demo;

/// <summary>DICOM UIDs under the 2.25 root (PS3.5 B.2), derived from a name: the same run names the same studies.</summary>
internal static class DemoUids
{
    public static string For(int seed, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"fedbus-demo/{seed}/{name}")));
        // 16 bytes as an unsigned integer: at most 39 digits, 2.25. + 39 < 64 characters.
        return "2.25." + new BigInteger(hash.AsSpan(0, 16), isUnsigned: true).ToString(CultureInfo.InvariantCulture);
    }
}
