namespace FedBus.Dicom.Network;

/// <summary>
/// C-STORE SCU for the common case: one association, many instances. Proposes one presentation context per
/// (SOP class, transfer syntax) pair of the items, sends each item in its own syntax (never re-encoded), releases.
/// </summary>
public sealed class DicomStoreClient
{
    private readonly DicomClientOptions _options;

    public DicomStoreClient(DicomClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Verification: associate, C-ECHO, release.</summary>
    public async Task<DicomStatus> EchoAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        var contexts = new[] { new PresentationContextRequest(DicomNetworkUids.Verification, [DicomNetworkUids.ImplicitVRLittleEndian]) };
        await using var association = await DicomClientAssociation.ConnectAsync(host, port, _options, contexts, cancellationToken).ConfigureAwait(false);
        var status = await association.EchoAsync(cancellationToken).ConfigureAwait(false);
        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return status;
    }

    /// <summary>
    /// Sends every item over one association and returns one result per item, in order. A failure status from the
    /// peer does not stop the run; an abort or lost connection throws <see cref="DicomAssociationAbortedException"/>.
    /// </summary>
    public async Task<IReadOnlyList<DicomStoreResult>> StoreAsync(
        string host, int port, IReadOnlyList<DicomStoreItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return [];
        }

        var contexts = ProposeContexts(items);
        await using var association = await DicomClientAssociation.ConnectAsync(host, port, _options, contexts, cancellationToken).ConfigureAwait(false);
        var results = new List<DicomStoreResult>(items.Count);
        foreach (var item in items)
        {
            if (association.FindContext(item.SopClassUid, item.TransferSyntaxUid) is null)
            {
                var answer = association.PresentationContexts.FirstOrDefault(c => c.AbstractSyntax == item.SopClassUid && c.TransferSyntax == item.TransferSyntaxUid)
                    ?? association.PresentationContexts.First(c => c.AbstractSyntax == item.SopClassUid);
                results.Add(new DicomStoreResult(item.SopClassUid, item.SopInstanceUid, item.TransferSyntaxUid,
                    DicomStatus.SopClassNotSupported.WithComment($"Not sent: the peer answered the presentation context with {answer.Result}"), Sent: false));
                continue;
            }

            var status = await association.StoreAsync(item, cancellationToken).ConfigureAwait(false);
            results.Add(new DicomStoreResult(item.SopClassUid, item.SopInstanceUid, item.TransferSyntaxUid, status, Sent: true));
        }

        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>One context per distinct (SOP class, transfer syntax); at most 128 fit in one association.</summary>
    public static IReadOnlyList<PresentationContextRequest> ProposeContexts(IEnumerable<DicomStoreItem> items)
    {
        var pairs = items.Select(i => (i.SopClassUid, i.TransferSyntaxUid)).Distinct().ToList();
        if (pairs.Count > 128)
        {
            throw new ArgumentException($"The items need {pairs.Count} distinct (SOP class, transfer syntax) presentation contexts; one association carries at most 128. Send them in smaller batches.", nameof(items));
        }

        return pairs.Select(p => new PresentationContextRequest(p.SopClassUid, [p.TransferSyntaxUid])).ToList();
    }
}
