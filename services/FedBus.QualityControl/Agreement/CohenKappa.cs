namespace FedBus.QualityControl.Agreement;

/// <summary>
/// Cohen's κ of two readers over the tasks both classified: (p_o − p_e) / (1 − p_e) from their K×K table of counts
/// (rows: reader A's class, columns: reader B's). Undefined (null) without tasks, or when chance agreement is already
/// certain (both readers always chose one and the same class).
/// </summary>
public static class CohenKappa
{
    public static double? Compute(long[][] table)
    {
        var k = table.Length;
        long n = 0, agree = 0;
        var rows = new long[k];
        var columns = new long[k];
        for (var i = 0; i < k; i++)
        {
            if (table[i].Length != k) throw new ArgumentException("The table must be square.", nameof(table));
            for (var j = 0; j < k; j++)
            {
                var c = table[i][j];
                n += c;
                rows[i] += c;
                columns[j] += c;
                if (i == j) agree += c;
            }
        }
        if (n == 0) return null;
        var po = (double)agree / n;
        double pe = 0;
        for (var i = 0; i < k; i++) pe += (double)rows[i] / n * columns[i] / n;
        return pe >= 1.0 ? null : (po - pe) / (1 - pe);
    }
}
