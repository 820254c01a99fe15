using System.Text;
using FedBus.Contracts;
using FedBus.Desk.Tests.Support;
using FedBus.Imaging.Labels;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedBus.Desk.Tests;

/// <summary>
/// The radiologist's desk in real headless Chromium, served by the real gateway in front of real ingestion,
/// annotation-request and QC: what a reader draws is what the service stores, pixel for pixel.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class RadiologistDeskTests(Chromium chromium, SharedDeskSite shared, ITestOutputHelper output)
{
    private static readonly string[] Brain = ["background", "brain"];

    [Fact]
    public async Task A_mask_drawn_with_the_brush_and_eraser_over_the_prefill_is_stored_pixel_for_pixel()
    {
        var site = await FreshSiteAsync();
        var study = DeskStudy.Create(seed: 11);
        await site.StowAsync(study.Instances);
        var prefill = new byte[DeskStudy.Size * DeskStudy.Size];
        for (var y = 8; y < 16; y++) for (var x = 8; x < 16; x++) prefill[y * DeskStudy.Size + x] = 1;
        var encoded = LabelCodec.Encode(new MaskLabel(DeskStudy.Size, DeskStudy.Size, prefill));
        await site.PublishInferenceAsync(study.TaskImage, TaskKind.Segmentation, "brain-mask", Brain, encoded.Bytes, encoded.MediaType, 0.9, expectedTasks: 1);

        await using var desk = await DeskPage.OpenAsync(chromium, site, nameof(A_mask_drawn_with_the_brush_and_eraser_over_the_prefill_is_stored_pixel_for_pixel), output);
        await desk.SignInAsync(DeskSite.Reader);
        Assert.Contains("Uncertainty", await desk.TextAsync("worklist"), StringComparison.Ordinal);
        await desk.ScreenshotAsync("worklist");
        var taskId = await desk.OpenTopTaskAsync();
        Assert.Contains("pre-annotation", await desk.TextAsync("start-note"), StringComparison.Ordinal);
        await desk.ScreenshotAsync("task-with-prefill");

        var view = await desk.GeometryAsync();
        var expected = (byte[])prefill.Clone();
        // A horizontal brush stroke (class 1, the default 5 px brush) ...
        var a = view.ToPage(20, 30);
        var b = view.ToPage(50, 30);
        await desk.DragAsync(a, b);
        Expected.Stroke(expected, DeskStudy.Size, view.ToImage(a), view.ToImage(b), size: 5, value: 1);
        await desk.ScreenshotAsync("brushed");
        // ... and a vertical eraser stroke through the model's square, with a 3 px eraser ([ twice).
        await desk.Page.Keyboard.PressAsync("e");
        await desk.Page.Keyboard.PressAsync("[");
        await desk.Page.Keyboard.PressAsync("[");
        var c = view.ToPage(12, 4);
        var d = view.ToPage(12, 20);
        await desk.DragAsync(c, d);
        Expected.Stroke(expected, DeskStudy.Size, view.ToImage(c), view.ToImage(d), size: 3, value: 0);
        await desk.ScreenshotAsync("erased");

        await desk.SubmitAsync();
        await desk.ScreenshotAsync("submitted");
        var (bytes, mediaType) = await site.LatestLabelAsync(taskId);
        Assert.Equal(LabelMediaTypes.MaskPng, mediaType);
        AssertSameMask(expected, LabelCodec.DecodeMaskPng(bytes));
        await Eventually.Async(async () => (await site.TaskAsync(taskId)).GetProperty("status").GetString() == "accepted", "QC to accept the mask");
        desk.AssertNoPageErrors();
    }

    [Fact]
    public async Task Boxes_drawn_moved_resized_and_deleted_are_stored_as_drawn_with_their_classes()
    {
        var site = await FreshSiteAsync();
        var study = DeskStudy.Create(seed: 12);
        await site.StowAsync(study.Instances);
        var prefill = LabelCodec.Encode(new BoxesLabel([new LabelBox(6, 6, 18, 16, 1, 0.4)]));
        await site.PublishInferenceAsync(study.TaskImage, TaskKind.Detection, "nodules", ["background", "nodule", "mass"], prefill.Bytes, prefill.MediaType, 0.8, expectedTasks: 1);

        await using var desk = await DeskPage.OpenAsync(chromium, site, nameof(Boxes_drawn_moved_resized_and_deleted_are_stored_as_drawn_with_their_classes), output);
        await desk.SignInAsync(DeskSite.Reader);
        var taskId = await desk.OpenTopTaskAsync();
        await desk.ScreenshotAsync("task-with-prefill-box");
        var view = await desk.GeometryAsync();

        // A new box (class 1 by default), then class 2 for it with the key "2".
        var a = view.ToPage(30, 20);
        var b = view.ToPage(50, 44);
        await desk.DragAsync(a, b);
        await desk.Page.Keyboard.PressAsync("2");
        var drawn = BoxOf(view.ToImage(a), view.ToImage(b), 2);
        // The model's box moved by a drag from inside it ...
        var from = view.ToPage(10, 10);
        var to = view.ToPage(13, 12);
        await desk.DragAsync(from, to);
        var (fx, fy) = view.ToImage(from);
        var (tx, ty) = view.ToImage(to);
        var dx = Expected.Round(tx - fx);
        var dy = Expected.Round(ty - fy);
        var model = new LabelBox(6 + dx, 6 + dy, 18 + dx, 16 + dy, 1);
        // ... and resized by its south-east corner.
        var corner = view.ToPage(model.X1, model.Y1);
        var cornerTo = view.ToPage(model.X1 + 5, model.Y1 + 4);
        await desk.DragAsync(corner, cornerTo);
        var (cx, cy) = view.ToImage(cornerTo);
        model = model with { X1 = Expected.Round(cx), Y1 = Expected.Round(cy) };
        // A third box, drawn and deleted.
        await desk.DragAsync(view.ToPage(40, 50), view.ToPage(58, 60));
        await desk.ScreenshotAsync("three-boxes");
        await desk.Page.Keyboard.PressAsync("Delete");
        await desk.ScreenshotAsync("after-delete");

        await desk.SubmitAsync();
        var (bytes, mediaType) = await site.LatestLabelAsync(taskId);
        Assert.Equal(LabelMediaTypes.BoxesJson, mediaType);
        Assert.Equal(new[] { model, drawn }, LabelCodec.DecodeBoxes(bytes).Boxes);
        desk.AssertNoPageErrors();
    }

    [Fact]
    public async Task The_class_picked_for_an_image_is_stored_and_undo_takes_back_a_change_of_mind()
    {
        var site = await FreshSiteAsync();
        var study = DeskStudy.Create(seed: 13);
        await site.StowAsync(study.Instances);
        var prefill = LabelCodec.Encode(new ClassIdLabel(0, [0.5, 0.3, 0.2]));
        await site.PublishInferenceAsync(study.TaskImage, TaskKind.Classification, "findings", ["normal", "tumour", "haemorrhage"], prefill.Bytes, prefill.MediaType, 0.7, expectedTasks: 1);

        await using var desk = await DeskPage.OpenAsync(chromium, site, nameof(The_class_picked_for_an_image_is_stored_and_undo_takes_back_a_change_of_mind), output);
        await desk.SignInAsync(DeskSite.Reader);
        var taskId = await desk.OpenTopTaskAsync();
        await desk.ScreenshotAsync("task-with-prefill-class");
        await desk.Page.Keyboard.PressAsync("2");
        await desk.Page.ClickAsync("[data-testid=class-picker] button[data-class-id='1']");
        await desk.Page.Keyboard.PressAsync("Control+z");
        Assert.Equal("2", await desk.Page.GetAttributeAsync("[data-testid=class-picker] button.active", "data-class-id"));
        await desk.ScreenshotAsync("class-chosen");

        await desk.SubmitAsync();
        var (bytes, mediaType) = await site.LatestLabelAsync(taskId);
        Assert.Equal(LabelMediaTypes.ClassJson, mediaType);
        Assert.Equal(2, LabelCodec.DecodeClass(bytes).ClassId);
        desk.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_label_QC_returns_shows_its_reason_and_the_resubmission_is_stored_and_accepted()
    {
        var site = await FreshSiteAsync();
        var study = DeskStudy.Create(seed: 14);
        await site.StowAsync(study.Instances);
        var empty = LabelCodec.Encode(new MaskLabel(DeskStudy.Size, DeskStudy.Size, new byte[DeskStudy.Size * DeskStudy.Size]));
        await site.PublishInferenceAsync(study.TaskImage, TaskKind.Segmentation, DeskSite.StructureModel, Brain, empty.Bytes, empty.MediaType, 0.95, expectedTasks: 1);

        await using var desk = await DeskPage.OpenAsync(chromium, site, nameof(A_label_QC_returns_shows_its_reason_and_the_resubmission_is_stored_and_accepted), output);
        await desk.SignInAsync(DeskSite.Reader);
        var taskId = await desk.OpenTopTaskAsync();
        // Submitted as the model left it: empty, where every image shows a brain.
        await desk.SubmitAsync();
        await Eventually.Async(async () => (await site.TaskAsync(taskId)).GetProperty("readerState").GetString() == "returned", "QC to return the empty mask");

        await desk.ReloadWorklistAsync();
        var reasons = await desk.TextAsync("qc-reasons");
        Assert.Contains("empty-mask", reasons, StringComparison.Ordinal);
        Assert.Contains("Returned by QC", await desk.TextAsync("worklist"), StringComparison.Ordinal);
        await desk.ScreenshotAsync("worklist-returned-by-qc");

        Assert.Equal(taskId, await desk.OpenTopTaskAsync());
        Assert.Contains("empty-mask", await desk.TextAsync("qc-returned"), StringComparison.Ordinal);
        Assert.Contains("your last submission", await desk.TextAsync("start-note"), StringComparison.Ordinal);
        await desk.ScreenshotAsync("task-returned-by-qc");
        var view = await desk.GeometryAsync();
        var expected = new byte[DeskStudy.Size * DeskStudy.Size];
        var a = view.ToPage(16, 24);
        var b = view.ToPage(44, 36);
        await desk.DragAsync(a, b);
        Expected.Stroke(expected, DeskStudy.Size, view.ToImage(a), view.ToImage(b), size: 5, value: 1);
        await desk.ScreenshotAsync("corrected");
        await desk.SubmitAsync();

        var (bytes, _) = await site.LatestLabelAsync(taskId);
        AssertSameMask(expected, LabelCodec.DecodeMaskPng(bytes));
        var task = await site.TaskAsync(taskId);
        Assert.Equal(2, task.GetProperty("myRead").GetProperty("submissions").GetArrayLength());
        await Eventually.Async(async () => (await site.TaskAsync(taskId)).GetProperty("status").GetString() == "accepted", "QC to accept the resubmission");
        await desk.ReloadWorklistAsync();
        await desk.ScreenshotAsync("worklist-after-acceptance");
        desk.AssertNoPageErrors();
    }

    [Fact]
    public async Task Window_and_level_change_the_rendered_pixels_as_the_DICOM_linear_window_says_on_every_slice()
    {
        var site = await FreshSiteAsync();
        var study = DeskStudy.Create(seed: 15);
        await site.StowAsync(study.Instances);
        var prefill = LabelCodec.Encode(new ClassIdLabel(1, [0.4, 0.6]));
        await site.PublishInferenceAsync(study.TaskImage, TaskKind.Classification, "findings", ["normal", "abnormal"], prefill.Bytes, prefill.MediaType, 0.7, expectedTasks: 1);

        await using var desk = await DeskPage.OpenAsync(chromium, site, nameof(Window_and_level_change_the_rendered_pixels_as_the_DICOM_linear_window_says_on_every_slice), output);
        await desk.SignInAsync(DeskSite.Reader);
        await desk.OpenTopTaskAsync();
        var view = await desk.GeometryAsync();
        const int Row = 32;

        // The instance's own window (40 / 400).
        Assert.Equal((40.0, 400.0), await desk.WindowAsync());
        var initial = await AssertRowRenderedAsync(desk, study, view, Row);
        await desk.ScreenshotAsync("window-40-400");

        // A right-button drag: wider (right) and lower (up).
        var centre = view.ToPage(32, 32);
        await desk.DragAsync(MouseButton.Right, centre, (centre.X + 60, centre.Y - 40));
        var dragged = await desk.WindowAsync();
        Assert.True(dragged.Width > 400 && dragged.Center < 40, $"The drag gave window {dragged}.");
        var afterDrag = await AssertRowRenderedAsync(desk, study, view, Row);
        Assert.NotEqual(initial, afterDrag);
        await desk.ScreenshotAsync("window-dragged");

        // The brain preset (Shift+3): 40 / 80.
        await desk.Page.Keyboard.PressAsync("Shift+Digit3");
        Assert.Equal((40.0, 80.0), await desk.WindowAsync());
        var brain = await AssertRowRenderedAsync(desk, study, view, Row);
        Assert.NotEqual(initial, brain);
        await desk.ScreenshotAsync("window-brain-preset");

        // The next slice (↓) is instance 3, shown under the same window; Home goes back to the task's slice.
        await desk.Page.Keyboard.PressAsync("ArrowDown");
        await desk.Page.WaitForSelectorAsync("canvas.viewer-canvas[data-slice='2']");
        Assert.Equal("3", await desk.Page.GetAttributeAsync("[data-testid=status]", "data-slice"));
        var next = await AssertRowRenderedAsync(desk, study, view, Row, instance: 2);
        Assert.NotEqual(brain, next);
        await desk.ScreenshotAsync("next-slice");
        await desk.Page.Keyboard.PressAsync("Home");
        await desk.Page.WaitForSelectorAsync("canvas.viewer-canvas[data-slice='1']");
        Assert.Equal(brain, await AssertRowRenderedAsync(desk, study, view, Row));
        desk.AssertNoPageErrors();
    }

    private async Task<DeskSite> FreshSiteAsync()
    {
        await shared.Site.ClearWorklistAsync();
        return shared.Site;
    }

    /// <summary>Every pixel of one image row on the canvas is the linear window of its modality value; returns them.</summary>
    private static async Task<int[]> AssertRowRenderedAsync(DeskPage desk, DeskStudy study, ViewGeometry view, int row, int instance = 1)
    {
        var (center, width) = await desk.WindowAsync();
        var canvasRow = await desk.CanvasRowAsync(view.CanvasPixelOf(0, row).Y);
        var shown = new int[DeskStudy.Size];
        var wrong = new StringBuilder();
        for (var column = 0; column < DeskStudy.Size; column++)
        {
            shown[column] = canvasRow[view.CanvasPixelOf(column, row).X];
            var value = study.ModalityValue(row, column, instance);
            var expected = Expected.Display(value, center, width);
            if (shown[column] != expected) wrong.Append($" column {column}: {value} HU shown as {shown[column]}, expected {expected};");
        }
        Assert.True(wrong.Length == 0, $"Instance {instance + 1}, window {center}/{width}:{wrong}");
        return shown;
    }

    private static LabelBox BoxOf((double X, double Y) a, (double X, double Y) b, int classId)
    {
        double x0 = Expected.Round(a.X), y0 = Expected.Round(a.Y), x1 = Expected.Round(b.X), y1 = Expected.Round(b.Y);
        return new LabelBox(Math.Min(x0, x1), Math.Min(y0, y1), Math.Max(x0, x1), Math.Max(y0, y1), classId);
    }

    private static void AssertSameMask(byte[] expected, MaskLabel stored)
    {
        Assert.Equal((DeskStudy.Size, DeskStudy.Size), (stored.Height, stored.Width));
        var differing = Enumerable.Range(0, expected.Length).Where(i => expected[i] != stored.ClassIds[i]).ToList();
        Assert.True(differing.Count == 0,
            $"{differing.Count} pixels differ, e.g. " + string.Join(", ", differing.Take(10).Select(i => $"(row {i / DeskStudy.Size}, col {i % DeskStudy.Size}) stored {stored.ClassIds[i]} expected {expected[i]}")));
        Assert.Contains((byte)1, expected);
    }
}
