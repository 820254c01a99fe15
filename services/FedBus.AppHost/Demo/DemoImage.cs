using FedBus.Imaging.Labels;

namespace FedBus.AppHost.Demo;

/// <summary>One MR slice a site's PACS sends: its pixels through the site's scanner (0..1, row-major) and the true label in its grid.</summary>
internal sealed record DemoImage(string SopInstanceUid, int InstanceNumber, int Rows, int Columns, float[] Pixels, ImageLabel Truth, string PositionKey);
