using System.Diagnostics;
using System.Text.Json;

namespace FedBus.Imaging.Tests;

/// <summary>PNGs written by Pillow (Debian's python3-pil), an encoder that is not ours.</summary>
internal static class PillowPng
{
    public const string Interpreter = "/usr/bin/python3";

    public static byte[] Write(object spec)
    {
        Assert.True(File.Exists(Interpreter), $"{Interpreter} (with python3-pil) is required for the independent PNG checks.");
        var psi = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "python", "pil_png.py"));
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(JsonSerializer.Serialize(spec));
        p.StandardInput.Close();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"pil_png.py exited {p.ExitCode}: {stderr.Result}");
        return Convert.FromHexString(stdout.Result.Trim());
    }
}
