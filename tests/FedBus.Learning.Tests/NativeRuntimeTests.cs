using System.Buffers.Binary;
using System.Text;
using FedBus.Learning.Cases;
using FedBus.Learning.Tests.Support;
using FedBus.Learning.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBus.Learning.Tests;

public class NativeRuntimeTests
{
    [Fact]
    public void The_libLibTorchSharp_copied_by_the_build_has_its_GLIBCXX_3_4_32_need_marked_weak()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"{path} missing: the native assets were not copied");
        var needs = ReadVersionNeeds(File.ReadAllBytes(path));
        Assert.Contains(needs, n => n.Name == "GLIBCXX_3.4.32");
        Assert.All(needs.Where(n => n.Name == "GLIBCXX_3.4.32"), n => Assert.True((n.Flags & 0x2) != 0, "VER_FLG_WEAK not set"));
        // Only that one entry changes: the others (GLIBC_2.x among them) stay hard requirements.
        Assert.Contains(needs, n => n.Name.StartsWith("GLIBC_2.", StringComparison.Ordinal));
        Assert.All(needs.Where(n => n.Name != "GLIBCXX_3.4.32"), n => Assert.Equal(0, n.Flags & 0x2));
    }

    [Fact]
    public void Initialize_tunes_malloc_and_OpenMP_pins_two_threads_enables_determinism_and_turns_NNPACK_off()
    {
        Torch.Init();
        Assert.True(TorchRuntime.MallocTuned, "mallopt was not accepted");
        Assert.Equal(Torch.Threads, torch.get_num_threads());
        Assert.Equal(Torch.Threads, TorchRuntime.Threads);
        Assert.False(TorchRuntime.IsNnpackEnabledInLibtorch());
        Assert.True(TorchRuntime.AreDeterministicAlgorithmsEnabled());
        // OpenMP sleeps instead of spinning: on shared cores spinning made steps ~10× slower.
        Assert.Equal("PASSIVE", TorchRuntime.OpenMpWaitPolicy);
    }

    [Fact]
    public void Initialize_refuses_a_second_different_thread_count()
    {
        Torch.Init();
        var e = Assert.Throws<InvalidOperationException>(() => TorchRuntime.Initialize(Torch.Threads + 1));
        Assert.Contains("already initialised with 2 threads", e.Message);
        TorchRuntime.Initialize(Torch.Threads); // same count: fine
    }

    [Fact]
    public void A_GroupNorm_UNet_starts_with_unit_norm_weights_and_a_finite_first_loss()
    {
        Torch.Init();
        using var model = (TaskModel)new UNetSpec(Norm: NormKind.Group).CreateModel(seed: 3);
        var norms = model.Network.modules().OfType<GroupNorm>().ToList();
        Assert.NotEmpty(norms);
        foreach (var g in norms)
        {
            Assert.True(g.weight!.eq(1).all().item<bool>(), "GroupNorm weight not initialised to 1");
            Assert.True(g.bias!.eq(0).all().item<bool>(), "GroupNorm bias not initialised to 0");
        }
        var cases = Phantoms.Segmentation(4, 32, seed: 5);
        using var scope = NewDisposeScope();
        using var batch = CaseBatch.From(cases);
        model.Network.train();
        var loss = model.Loss(model.Network.forward(ImageTensors.Normalize(batch.Images)), batch).item<float>();
        Assert.True(float.IsFinite(loss) && loss > 0, $"first loss {loss}");
    }

    /// <summary>Independent of the build's patcher: finds .gnu.version_r by section name, not by type.</summary>
    private static List<(string Name, int Flags)> ReadVersionNeeds(byte[] elf)
    {
        Assert.Equal(0x7F, elf[0]);
        Assert.Equal("ELF", Encoding.ASCII.GetString(elf, 1, 3));
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3A));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3E));
        Span<byte> Section(int i) => elf.AsSpan((int)shoff + i * shentsize, shentsize);
        ulong Offset(int i) => BinaryPrimitives.ReadUInt64LittleEndian(Section(i)[0x18..]);
        string Str(ulong table, uint at)
        {
            int start = (int)(table + at), end = Array.IndexOf(elf, (byte)0, start);
            return Encoding.ASCII.GetString(elf, start, end - start);
        }
        var names = Offset(shstrndx);
        for (int i = 0; i < shnum; i++)
        {
            if (Str(names, BinaryPrimitives.ReadUInt32LittleEndian(Section(i))) != ".gnu.version_r") continue;
            var dynstr = Offset((int)BinaryPrimitives.ReadUInt32LittleEndian(Section(i)[0x28..]));
            var result = new List<(string, int)>();
            int vn = (int)Offset(i);
            while (true)
            {
                int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(vn + 2));
                int aux = vn + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(vn + 8));
                for (int a = 0; a < count; a++)
                {
                    int flags = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(aux + 4));
                    result.Add((Str(dynstr, BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(aux + 8))), flags));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(aux + 12));
                }
                uint next = BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(vn + 12));
                if (next == 0) return result;
                vn += (int)next;
            }
        }
        throw new Xunit.Sdk.XunitException("no .gnu.version_r section");
    }
}
