namespace FedBus.DatasetBuilder;

/// <summary>Command line: --source DIR [--out DIR] [--check] [--preview DIR].</summary>
public sealed record BuildOptions(string SourceDir, string OutDir, bool Check, string? PreviewDir)
{
    public const string Usage =
        "usage: dotnet run --project tools/FedBus.DatasetBuilder -- --source <mricron dir> [--out data/brain-mri] [--check] [--preview <dir>]\n" +
        "  --check    rebuild in memory and compare byte-for-byte with the files in --out (exit 1 on any difference)\n" +
        "  --preview  also write PNG contact sheets (ch2 | ch2better | mask over ch2 | atlas with boxes) of six slices per view";

    public static BuildOptions Parse(string[] args)
    {
        string? source = null, output = null, preview = null;
        bool check = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--source": source = Next(); break;
                case "--out": output = Next(); break;
                case "--preview": preview = Next(); break;
                case "--check": check = true; break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'.\n{Usage}");
            }
        }
        if (source is null)
            throw new ArgumentException($"--source is required.\n{Usage}");
        return new BuildOptions(source, output ?? Path.Combine("data", "brain-mri"), check, preview);
    }
}
