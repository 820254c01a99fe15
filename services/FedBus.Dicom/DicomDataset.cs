using System.Collections;
using System.Numerics;
using FedBus.Dicom.IO;

namespace FedBus.Dicom;

/// <summary>
/// A data set: items ordered by tag, with typed access that applies the Specific Character Set
/// (inherited by sequence items from their parents, PS3.5 §7.5.3).
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomItem>
{
    private readonly List<DicomItem> items;
    private DicomCharacterSet? ownCharacterSet;

    public DicomDataset()
        : this(16)
    {
    }

    public DicomDataset(IEnumerable<DicomItem> items)
        : this(16)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            AddOrUpdate(item);
        }
    }

    internal DicomDataset(int capacity) => items = new List<DicomItem>(capacity);

    public int Count => items.Count;

    /// <summary>The sequence this data set is an item of, or null for a top-level data set.</summary>
    public DicomSequence? ParentSequence { get; internal set; }

    /// <summary>The data set holding <see cref="ParentSequence"/>.</summary>
    public DicomDataset? Parent => ParentSequence?.Owner;

    /// <summary>
    /// As an item: whether it was (or should be) encoded with undefined length. New items default
    /// to undefined length; the reader records what it saw.
    /// </summary>
    public bool UndefinedLength { get; set; } = true;

    /// <summary>The character set of this data set's text: its own (0008,0005), else its parent's.</summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (ownCharacterSet is not null)
            {
                return ownCharacterSet;
            }

            if (TryGetElement(DicomTag.SpecificCharacterSet, out var cs))
            {
                var terms = DicomValueCodec.DecodeText(cs.GetBytes().Span, DicomVR.CS, DicomCharacterSet.Default).Split('\\');
                return ownCharacterSet = DicomCharacterSet.FromTerms(terms);
            }

            return Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    public DicomItem? this[DicomTag tag] => GetItem(tag);

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public DicomItem? GetItem(DicomTag tag)
    {
        var i = IndexOf(tag);
        return i >= 0 ? items[i] : null;
    }

    public bool TryGetElement(DicomTag tag, out DicomElement element)
    {
        element = null!;
        if (GetItem(tag) is DicomElement e)
        {
            element = e;
            return true;
        }

        return false;
    }

    public DicomElement? GetElement(DicomTag tag) => GetItem(tag) as DicomElement;

    public DicomSequence? GetSequence(DicomTag tag) => GetItem(tag) as DicomSequence;

    /// <summary>Adds an item; throws <see cref="ArgumentException"/> when the tag is already present.</summary>
    public DicomDataset Add(DicomItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var i = IndexOf(item.Tag);
        if (i >= 0)
        {
            throw new ArgumentException($"{DicomDataException.Describe(item.Tag)} is already in the data set", nameof(item));
        }

        Insert(~i, item);
        return this;
    }

    /// <summary>Adds an item or replaces the one with the same tag.</summary>
    public DicomDataset AddOrUpdate(DicomItem item)
    {
        ArgumentNullException.ThrowIfNull(item);

        // Items mostly arrive in tag order: appending is the fast path.
        if (items.Count == 0 || items[^1].Tag < item.Tag)
        {
            Attach(item);
            items.Add(item);
            return this;
        }

        var i = IndexOf(item.Tag);
        if (i >= 0)
        {
            Attach(item);
            items[i] = item;
        }
        else
        {
            Insert(~i, item);
        }

        return this;
    }

    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag);
        if (i < 0)
        {
            return false;
        }

        items.RemoveAt(i);
        if (tag == DicomTag.SpecificCharacterSet)
        {
            ownCharacterSet = null;
        }

        return true;
    }

    /// <summary>Removes every item matching the predicate (e.g. all private tags).</summary>
    public int RemoveAll(Predicate<DicomItem> match)
    {
        ownCharacterSet = null;
        return items.RemoveAll(match);
    }

    public void Clear()
    {
        items.Clear();
        ownCharacterSet = null;
    }

    /// <summary>A deep copy of the structure; value buffers (immutable) are shared.</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset(items.Count) { UndefinedLength = UndefinedLength };
        foreach (var item in items)
        {
            copy.items.Add(item switch
            {
                DicomSequence s => CloneSequence(s, copy),
                DicomFragmentSequence f => new DicomFragmentSequence(f.Tag, f.VR, f.OffsetTable, f.Fragments),
                _ => item,
            });
        }

        return copy;

        static DicomSequence CloneSequence(DicomSequence s, DicomDataset owner) =>
            new(s.Tag, s.Items.Select(i => i.Clone())) { UndefinedLength = s.UndefinedLength, Owner = owner };
    }

    // ---- typed reads -------------------------------------------------------------------------

    /// <summary>
    /// The value as text: text VRs decoded with the character set and trimmed per value
    /// (values joined with '\'); binary numbers formatted; null when absent.
    /// </summary>
    public string? GetString(DicomTag tag)
    {
        if (!TryGetElement(tag, out var e))
        {
            return null;
        }

        var vr = ValueVR(e);
        if (vr.IsString || IsOpaque(vr))
        {
            var text = DicomValueCodec.DecodeText(e.GetBytes().Span, vr, TextCharacterSet(vr));
            return vr.IsBackslashMultiValued ? string.Join('\\', DicomValueCodec.SplitValues(text, vr)) : DicomValueCodec.TrimValue(text, vr);
        }

        if (vr.Kind == DicomVRKind.Binary && vr != DicomVR.OB && e.Length <= 1 << 16)
        {
            return DicomValueCodec.FormatBinary(e.GetBytes().Span, vr);
        }

        throw new DicomDataException(tag, $"a {vr} value of {e.Length} bytes is not text");
    }

    /// <summary>The values of a multi-valued element (split on '\'), or of binary numbers formatted; empty when absent.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (!TryGetElement(tag, out var e))
        {
            return [];
        }

        var vr = ValueVR(e);
        if (vr.IsString || IsOpaque(vr))
        {
            return DicomValueCodec.SplitValues(DicomValueCodec.DecodeText(e.GetBytes().Span, vr, TextCharacterSet(vr)), vr);
        }

        var text = GetString(tag);
        return string.IsNullOrEmpty(text) ? [] : text.Split('\\');
    }

    /// <summary>Value number <paramref name="index"/> as text; null when absent or when there are fewer values.</summary>
    public string? GetString(DicomTag tag, int index)
    {
        var values = GetStrings(tag);
        return index >= 0 && index < values.Length ? values[index] : null;
    }

    /// <summary>
    /// Value number <paramref name="index"/> as a number, from a binary VR (US, SS, UL, SL, FL, FD,
    /// SV, UV, OB, OW...) or a numeric string (IS, DS). Throws <see cref="DicomDataException"/> when
    /// absent, not numeric, or out of range for <typeparamref name="T"/>.
    /// </summary>
    public T GetNumber<T>(DicomTag tag, int index = 0)
        where T : INumberBase<T>
    {
        if (!TryGetElement(tag, out var e))
        {
            throw new DicomDataException(tag, "is missing");
        }

        return TryReadNumber<T>(e, index, out var value, out var problem)
            ? value
            : throw new DicomDataException(tag, problem);
    }

    public bool TryGetNumber<T>(DicomTag tag, out T value, int index = 0)
        where T : INumberBase<T>
    {
        value = T.Zero;
        return TryGetElement(tag, out var e) && TryReadNumber(e, index, out value, out _);
    }

    public T GetNumberOrDefault<T>(DicomTag tag, T defaultValue, int index = 0)
        where T : INumberBase<T> =>
        TryGetNumber<T>(tag, out var v, index) ? v : defaultValue;

    /// <summary>All values as numbers (empty when absent).</summary>
    public T[] GetNumbers<T>(DicomTag tag)
        where T : INumberBase<T>
    {
        if (!TryGetElement(tag, out var e))
        {
            return [];
        }

        var vr = ValueVR(e);
        var count = vr.Kind == DicomVRKind.Binary ? DicomValueCodec.BinaryCount(e.Length, vr) : GetStrings(tag).Length;
        var result = new T[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadNumber(e, i, out result[i], out var problem))
            {
                throw new DicomDataException(tag, problem);
            }
        }

        return result;
    }

    /// <summary>A DA value; null when absent or empty. Throws <see cref="DicomDataException"/> when malformed.</summary>
    public DateOnly? GetDate(DicomTag tag, int index = 0)
    {
        var s = GetString(tag, index);
        return string.IsNullOrEmpty(s) ? null : DicomDateTimeText.ParseDate(s) ?? throw new DicomDataException(tag, $"'{s}' is not a DA date");
    }

    /// <summary>A TM value; null when absent or empty. Throws <see cref="DicomDataException"/> when malformed.</summary>
    public TimeOnly? GetTime(DicomTag tag, int index = 0)
    {
        var s = GetString(tag, index);
        return string.IsNullOrEmpty(s) ? null : DicomDateTimeText.ParseTime(s) ?? throw new DicomDataException(tag, $"'{s}' is not a TM time");
    }

    /// <summary>A DT value (offset, when given, in <paramref name="offset"/>); false when absent or empty.</summary>
    public bool TryGetDateTime(DicomTag tag, out DateTime value, out TimeSpan? offset, int index = 0)
    {
        value = default;
        offset = null;
        var s = GetString(tag, index);
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }

        return DicomDateTimeText.TryParseDateTime(s, out value, out offset)
            ? true
            : throw new DicomDataException(tag, $"'{s}' is not a DT date-time");
    }

    /// <summary>Combines a DA and a TM attribute (e.g. StudyDate + StudyTime); null when the date is absent.</summary>
    public DateTime? GetDateTime(DicomTag dateTag, DicomTag timeTag)
    {
        var date = GetDate(dateTag);
        return date?.ToDateTime(GetTime(timeTag) ?? TimeOnly.MinValue);
    }

    public DicomPersonName? GetPersonName(DicomTag tag, int index = 0)
    {
        var s = GetString(tag, index);
        return s is null ? null : DicomPersonName.Parse(s);
    }

    /// <summary>AT values.</summary>
    public DicomTag[] GetTags(DicomTag tag) =>
        GetNumbers<uint>(tag).Select(v => new DicomTag(v)).ToArray();

    // ---- typed writes ------------------------------------------------------------------------

    /// <summary>Sets text values (VR from the dictionary). Numbers given as text are converted for binary VRs.</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, params string[] values) => AddOrUpdate(tag, DictionaryVR(tag), values);

    /// <summary>Sets values with an explicit VR. Text VRs are joined with '\' and encoded with the character set.</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, DicomVR vr, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(values);
        if (vr.IsString)
        {
            if (tag == DicomTag.SpecificCharacterSet)
            {
                ownCharacterSet = null;
                _ = DicomCharacterSet.FromTerms(values); // reject an unknown set before storing it
            }

            var text = string.Join('\\', values);
            return AddOrUpdate(new DicomElement(tag, vr, DicomValueCodec.EncodeText(text, vr, vr.IsCharacterSetSensitive ? CharacterSet : DicomCharacterSet.Default)));
        }

        if (vr.Kind == DicomVRKind.Binary && vr != DicomVR.OB && vr != DicomVR.UN)
        {
            try
            {
                var numbers = values.Select(v => vr == DicomVR.AT ? DicomTag.Parse(v).Value : DicomValueCodec.ParseNumber<double>(v, DicomVR.DS)).ToArray();
                return AddOrUpdate(new DicomElement(tag, vr, DicomValueCodec.EncodeBinary<double>(numbers, vr)));
            }
            catch (Exception ex) when (ex is FormatException or OverflowException)
            {
                throw new DicomDataException(tag, $"cannot store '{string.Join('\\', values)}' as {vr}: {ex.Message}");
            }
        }

        throw new DicomDataException(tag, $"text cannot be stored as {vr}");
    }

    /// <summary>Sets numbers (VR from the dictionary; IS/DS are formatted as text).</summary>
    public DicomDataset AddOrUpdate<T>(DicomTag tag, params T[] values)
        where T : struct, INumberBase<T> =>
        AddOrUpdate(tag, DictionaryVR(tag), values);

    public DicomDataset AddOrUpdate<T>(DicomTag tag, DicomVR vr, params T[] values)
        where T : struct, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(vr);
        ArgumentNullException.ThrowIfNull(values);
        try
        {
            if (vr == DicomVR.IS || vr == DicomVR.DS)
            {
                return AddOrUpdate(tag, vr, values.Select(v => DicomValueCodec.FormatNumber(v, vr)).ToArray());
            }

            if (vr.Kind == DicomVRKind.Binary)
            {
                return AddOrUpdate(new DicomElement(tag, vr, DicomValueCodec.EncodeBinary<T>(values, vr)));
            }
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentException)
        {
            throw new DicomDataException(tag, $"cannot store {string.Join('\\', values)} as {vr}: {ex.Message}");
        }

        throw new DicomDataException(tag, $"numbers cannot be stored as {vr}");
    }

    /// <summary>Sets raw value bytes (little endian, as the VR defines them).</summary>
    public DicomDataset AddOrUpdateBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value) =>
        AddOrUpdate(new DicomElement(tag, vr, value));

    public DicomDataset AddOrUpdate(DicomTag tag, DateOnly date) =>
        AddOrUpdate(tag, DicomVR.DA, DicomDateTimeText.FormatDate(date));

    public DicomDataset AddOrUpdate(DicomTag tag, TimeOnly time) =>
        AddOrUpdate(tag, DicomVR.TM, DicomDateTimeText.FormatTime(time));

    public DicomDataset AddOrUpdate(DicomTag tag, DateTime dateTime, TimeSpan? offset = null) =>
        AddOrUpdate(tag, DicomVR.DT, DicomDateTimeText.FormatDateTime(dateTime, offset));

    public DicomDataset AddOrUpdate(DicomTag tag, DicomPersonName name) =>
        AddOrUpdate(tag, DicomVR.PN, name?.ToString() ?? string.Empty);

    /// <summary>Sets AT values.</summary>
    public DicomDataset AddOrUpdate(DicomTag tag, params DicomTag[] tags) =>
        AddOrUpdate(new DicomElement(tag, DicomVR.AT, DicomValueCodec.EncodeBinary<uint>(tags.Select(t => t.Value).ToArray(), DicomVR.AT)));

    // ---- parsing and writing -----------------------------------------------------------------

    /// <summary>
    /// Parses a bare data set (no preamble, no file meta information) encoded in
    /// <paramref name="syntax"/>, e.g. the bytes of a received C-STORE. Values are slices of
    /// <paramref name="bytes"/> (no copy): do not reuse that buffer while the data set is in use.
    /// Deflated syntaxes are inflated first. Throws <see cref="DicomFormatException"/> for bad input.
    /// </summary>
    public static DicomDataset Parse(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax, DicomReadOptions? options = null) =>
        DicomReader.ParseDataset(bytes, syntax, options ?? DicomReadOptions.Default);

    /// <summary>
    /// Parses a bare data set held in several buffers (e.g. the P-DATA fragments of one C-STORE). Values inside one
    /// buffer are slices of it; only values that span buffers are copied.
    /// </summary>
    public static DicomDataset Parse(System.Buffers.ReadOnlySequence<byte> bytes, DicomTransferSyntax syntax, DicomReadOptions? options = null) =>
        bytes.IsSingleSegment
            ? Parse(bytes.First, syntax, options)
            : DicomReader.ParseDataset(bytes, syntax, options ?? DicomReadOptions.Default);

    /// <summary>Parses a bare data set from a stream (read to its end, or to the stop tag).</summary>
    public static DicomDataset Parse(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null) =>
        DicomReader.ParseDataset(stream, syntax, options ?? DicomReadOptions.Default);

    /// <summary>Encodes this data set (without file meta information) in <paramref name="syntax"/>.</summary>
    public void WriteTo(Stream stream, DicomTransferSyntax syntax, DicomWriteOptions? options = null) =>
        DicomWriter.WriteDataset(stream, this, syntax, options ?? DicomWriteOptions.Default);

    public byte[] ToBytes(DicomTransferSyntax syntax, DicomWriteOptions? options = null)
    {
        using var ms = new MemoryStream();
        WriteTo(ms, syntax, options);
        return ms.ToArray();
    }

    public IEnumerator<DicomItem> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"DicomDataset ({items.Count} items)";

    /// <summary>Reader fast path: items arrive in order; duplicates and disorder fall back to AddOrUpdate.</summary>
    internal void Append(DicomItem item)
    {
        if (items.Count == 0 || items[^1].Tag < item.Tag)
        {
            Attach(item);
            items.Add(item);
        }
        else
        {
            AddOrUpdate(item);
        }
    }

    // Only SH, LO, ST, LT, PN, UC and UT depend on (0008,0005): an unsupported character set must
    // not stop anyone reading UIDs, dates or numbers.
    private DicomCharacterSet TextCharacterSet(DicomVR vr) =>
        vr.IsCharacterSetSensitive ? CharacterSet : DicomCharacterSet.Default;

    // A standard attribute that arrived as UN (e.g. converted from implicit VR by a PACS that did
    // not know it) is read with its dictionary VR, as DCMTK's +uc does. Little endian only: UN
    // bytes are never swapped.
    private static DicomVR ValueVR(DicomElement e)
    {
        if ((e.VR != DicomVR.UN && e.VR.IsStandard) || e.Tag.IsPrivate)
        {
            return e.VR;
        }

        var known = DicomDictionary.Lookup(e.Tag)?.VR;
        return known is null || known == DicomVR.SQ || known == DicomVR.UN ? e.VR : known;
    }

    // UN and VRs this library does not know: bytes that may well be text (private tags).
    private static bool IsOpaque(DicomVR vr) => vr == DicomVR.UN || !vr.IsStandard;

    private static DicomVR DictionaryVR(DicomTag tag) =>
        DicomDictionary.Lookup(tag)?.VR
        ?? throw new DicomDataException(tag, "is not in the data dictionary: give its VR");

    private static bool TryReadNumber<T>(DicomElement e, int index, out T value, out string problem)
        where T : INumberBase<T>
    {
        value = T.Zero;
        problem = string.Empty;
        try
        {
            var vr = ValueVR(e);
            if (vr.Kind == DicomVRKind.Binary)
            {
                if (index < 0 || index >= DicomValueCodec.BinaryCount(e.Length, vr))
                {
                    problem = $"has no value {index} ({e.Length} bytes of {vr})";
                    return false;
                }

                value = DicomValueCodec.ReadBinary<T>(e.GetBytes().Span, vr, index);
                return true;
            }

            if (vr.IsString)
            {
                var values = DicomValueCodec.SplitValues(DicomValueCodec.DecodeText(e.GetBytes().Span, vr, DicomCharacterSet.Default), vr);
                if (index < 0 || index >= values.Length || values[index].Length == 0)
                {
                    problem = $"has no value {index}";
                    return false;
                }

                value = DicomValueCodec.ParseNumber<T>(values[index], vr);
                return true;
            }

            problem = $"a {vr} value is not a number";
            return false;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidOperationException)
        {
            problem = ex.Message;
            return false;
        }
    }

    private void Attach(DicomItem item)
    {
        if (item is DicomSequence s)
        {
            s.Owner = this;
        }
        else if (item.Tag == DicomTag.SpecificCharacterSet)
        {
            ownCharacterSet = null;
        }
    }

    private void Insert(int index, DicomItem item)
    {
        Attach(item);
        items.Insert(index, item);
    }

    private int IndexOf(DicomTag tag)
    {
        var key = tag.Value;
        int lo = 0, hi = items.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = items[mid].Tag.Value;
            if (v == key)
            {
                return mid;
            }

            if (v < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
