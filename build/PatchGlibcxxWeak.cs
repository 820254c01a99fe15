using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// libLibTorchSharp.so (TorchSharp 0.107) asks for GLIBCXX_3.4.32, which Debian 12's libstdc++ lacks;
// only the unused std::ios_base_library_init carries it. Marking that version need VER_FLG_WEAK (0x2)
// lets ld.so load the library. Idempotent; writes through a temp file so a hard link into the NuGet
// cache is never modified.
public sealed class PatchGlibcxxWeak : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    public string Version { get; set; } = "GLIBCXX_3.4.32";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            var elf = File.ReadAllBytes(path);
            if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
            { Log.LogError($"{path}: not a little-endian ELF64 file; cannot patch {Version}."); return false; }
            long shoff = BitConverter.ToInt64(elf, 0x28);
            int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
            int found = 0, changed = 0;
            for (int s = 0; s < shnum; s++)
            {
                long sh = shoff + (long)s * shentsize;
                if (BitConverter.ToUInt32(elf, (int)sh + 4) != 0x6FFFFFFE) continue; // SHT_GNU_verneed
                long off = BitConverter.ToInt64(elf, (int)sh + 0x18);
                int count = BitConverter.ToInt32(elf, (int)sh + 0x2C);
                long strtab = BitConverter.ToInt64(elf, (int)(shoff + (long)BitConverter.ToInt32(elf, (int)sh + 0x28) * shentsize) + 0x18);
                for (int n = 0; n < count; n++)
                {
                    long aux = off + BitConverter.ToUInt32(elf, (int)off + 8);
                    for (int a = BitConverter.ToUInt16(elf, (int)off + 2); a > 0; a--)
                    {
                        long name = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                        int end = Array.IndexOf(elf, (byte)0, (int)name);
                        if (Encoding.ASCII.GetString(elf, (int)name, end - (int)name) == Version)
                        {
                            found++;
                            if ((elf[aux + 4] & 0x2) == 0) { elf[aux + 4] |= 0x2; changed++; }
                        }
                        aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                    }
                    off += BitConverter.ToUInt32(elf, (int)off + 12);
                }
            }
            if (changed > 0)
            {
                var tmp = path + ".weak.tmp";
                File.WriteAllBytes(tmp, elf);
                File.Delete(path);
                File.Move(tmp, path);
            }
            Log.LogMessage(MessageImportance.Normal, found == 0
                ? $"{path}: no {Version} requirement; nothing to patch."
                : $"{path}: {Version} marked weak ({changed} changed, {found - changed} already weak).");
        }
        return !Log.HasLoggedErrors;
    }
}
