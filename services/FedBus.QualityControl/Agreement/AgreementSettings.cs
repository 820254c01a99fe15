namespace FedBus.QualityControl.Agreement;

/// <summary>When two reads of one image count as agreeing.</summary>
/// <param name="MinimumDice">Masks: mean Dice over the foreground classes either read used.</param>
/// <param name="BoxMatchIoU">Boxes: two boxes of one class are the same object from this IoU on.</param>
/// <param name="MinimumBoxF1">Boxes: share of boxes matched, 2·matched / (boxes of A + boxes of B); 1 = every box matched.</param>
public sealed record AgreementSettings(double MinimumDice = 0.8, double BoxMatchIoU = 0.5, double MinimumBoxF1 = 1.0);
