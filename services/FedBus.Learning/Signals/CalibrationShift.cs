namespace FedBus.Learning.Signals;

/// <summary>One synthetic acquisition change applied to a validation image when the triage combiner is fitted.</summary>
public sealed record CalibrationShift(double Gamma, double NoiseSigma, double BlurSigma, double BiasAmplitude, double BiasAngleDegrees)
{
    public static CalibrationShift None { get; } = new(1, 0, 0, 0, 0);

    /// <summary>
    /// A random shift from generic ranges (chosen before any benchmark run and never tuned on one): gamma
    /// e^U(ln ½, ln 2), Gaussian noise σ U(0, 0.12) of the range, blur σ U(0.5, 2.5) px half the time, a bias field of
    /// amplitude U(0, 0.4) at a random angle half the time.
    /// </summary>
    public static CalibrationShift Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var gamma = Math.Exp(Math.Log(0.5) + random.NextDouble() * (Math.Log(2) - Math.Log(0.5)));
        var noise = 0.12 * random.NextDouble();
        var blur = random.NextDouble() < 0.5 ? 0 : 0.5 + 2 * random.NextDouble();
        var bias = random.NextDouble() < 0.5 ? 0 : 0.4 * random.NextDouble();
        var angle = 360 * random.NextDouble();
        return new CalibrationShift(gamma, noise, blur, bias, angle);
    }

    /// <summary>The image as this shift shows it (blur → bias → gamma → noise, as a scanner would).</summary>
    public float[] Apply(float[] image, int height, int width, Random random)
    {
        var x = ImageOperations.GaussianBlur(image, height, width, BlurSigma);
        if (BiasAmplitude > 0) x = ImageOperations.BiasField(x, height, width, BiasAmplitude, BiasAngleDegrees);
        if (Gamma != 1) x = ImageOperations.Gamma(x, Gamma);
        if (NoiseSigma > 0) x = ImageOperations.AddNoise(x, NoiseSigma, random);
        return x;
    }
}
