using System.Buffers.Binary;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

public sealed class DicomCommandTests
{
    [Fact]
    public void Encoding_writes_implicit_VR_little_endian_with_a_correct_command_group_length_first()
    {
        var bytes = Requests.StoreCommand(42, sopInstance: "2.25.123").Encode();

        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0, 0, 0 }, bytes[..8]);
        Assert.Equal((uint)(bytes.Length - 12), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        // Elements follow in ascending tag order: (0000,0002) Affected SOP Class UID comes next.
        Assert.Equal((ushort)0x0002, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(14)));
    }

    [Fact]
    public void A_command_decodes_to_the_values_it_was_encoded_with()
    {
        var command = Requests.StoreCommand(42, sopInstance: "2.25.123");
        command.MoveOriginatorAeTitle = "MOVER";
        command.MoveOriginatorMessageId = 9;

        var decoded = DicomCommand.Decode(command.Encode());

        Assert.Equal(DicomCommandField.CStoreRequest, decoded.CommandField);
        Assert.Equal((ushort)42, decoded.MessageId);
        Assert.Equal(Requests.CtImageStorage, decoded.AffectedSopClassUid);
        Assert.Equal("2.25.123", decoded.AffectedSopInstanceUid);
        Assert.Equal(DicomPriority.Medium, decoded.Priority);
        Assert.True(decoded.HasDataSet);
        Assert.Equal("MOVER", decoded.MoveOriginatorAeTitle);
        Assert.Equal((ushort)9, decoded.MoveOriginatorMessageId);
    }

    [Fact]
    public void Odd_length_UIDs_are_padded_with_NUL_and_odd_length_text_with_a_space()
    {
        var command = new DicomCommand { AffectedSopInstanceUid = "1.2.3", ErrorComment = "bad" };

        Assert.Equal("1.2.3\0"u8.ToArray(), command.GetRaw(0x1000));
        Assert.Equal("bad "u8.ToArray(), command.GetRaw(0x0902));
    }

    [Fact]
    public void An_error_comment_is_cut_to_the_64_characters_an_LO_holds()
    {
        var command = new DicomCommand { ErrorComment = new string('x', 100) };

        Assert.Equal(64, command.ErrorComment!.Length);
    }

    [Fact]
    public void A_command_set_with_an_element_outside_group_0000_is_a_protocol_error()
    {
        var bytes = Requests.EchoCommand(1).Encode();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(12), 0x0008);

        var error = Assert.Throws<DicomProtocolException>(() => DicomCommand.Decode(bytes));

        Assert.Contains("(0008,0002)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_element_that_claims_more_bytes_than_remain_is_a_protocol_error()
    {
        var bytes = Requests.EchoCommand(1).Encode();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 10_000);

        Assert.Throws<DicomProtocolException>(() => DicomCommand.Decode(bytes));
    }

    [Theory]
    [InlineData(0x0000, true, false, false)]
    [InlineData(0xB000, false, true, false)]
    [InlineData(0xB007, false, true, false)]
    [InlineData(0xA700, false, false, true)]
    [InlineData(0xA900, false, false, true)]
    [InlineData(0xC000, false, false, true)]
    [InlineData(0x0122, false, false, true)]
    public void Statuses_are_classified_as_PS3_7_Annex_C_says(int code, bool success, bool warning, bool failure)
    {
        var status = new DicomStatus((ushort)code);

        Assert.Equal((success, warning, failure), (status.IsSuccess, status.IsWarning, status.IsFailure));
    }
}
