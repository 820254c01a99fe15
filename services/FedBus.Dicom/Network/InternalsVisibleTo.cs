using System.Runtime.CompilerServices;

// The network tests build raw (and deliberately broken) PDUs with the internal codec.
[assembly: InternalsVisibleTo("FedBus.Dicom.Tests")]
