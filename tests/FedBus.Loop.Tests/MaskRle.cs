using System.Text;

namespace FedBus.Loop.Tests;

/// <summary>A mask as the worklist's RLE body: {"height","width","runs":[[classId,length],…]} in row-major order.</summary>
public static class MaskRle
{
    public const string MediaType = "application/vnd.fedbus.mask-rle+json";

    public static string Encode(int height, int width, byte[] classIds)
    {
        var json = new StringBuilder($"{{\"height\":{height},\"width\":{width},\"runs\":[");
        for (var i = 0; i < classIds.Length;)
        {
            var start = i;
            while (i < classIds.Length && classIds[i] == classIds[start]) i++;
            json.Append(start == 0 ? "" : ",").Append('[').Append(classIds[start]).Append(',').Append(i - start).Append(']');
        }
        return json.Append("]}").ToString();
    }
}
