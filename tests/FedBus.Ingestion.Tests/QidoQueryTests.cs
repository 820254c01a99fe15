using FedBus.Ingestion.DicomWeb;

namespace FedBus.Ingestion.Tests;

public sealed class QidoQueryTests
{
    private static QidoQuery Parse(QidoLevel level, params (string Key, string Value)[] query) =>
        QidoQuery.Parse(level, query.Select(q => KeyValuePair.Create(q.Key, new[] { q.Value })));

    [Theory]
    [InlineData("Doe^Jane", "Doe^Jane", true)]
    [InlineData("Doe^Jane", "doe^jane", true)]
    [InlineData("Doe^Jane", "Doe*", true)]
    [InlineData("Doe^Jane", "D?e^J*", true)]
    [InlineData("Doe^Jane", "Doe", false)]
    [InlineData("Doe^Jane", "*Smith*", false)]
    [InlineData("Doe^Jane", "", true)]
    public void Person_names_match_case_insensitively_with_wildcards(string value, string pattern, bool expected) =>
        Assert.Equal(expected, QidoQuery.Matches(QidoMatchKind.PersonName, [value], pattern));

    [Theory]
    [InlineData("20250315", "20250315", true)]
    [InlineData("20250315", "20250301-20250331", true)]
    [InlineData("20250315", "-20250314", false)]
    [InlineData("20250315", "20250315-", true)]
    [InlineData("20250315", "20250316-", false)]
    [InlineData("", "20250101-", false)]
    [InlineData("101500", "1000-1100", true)]
    [InlineData("101500.25", "101500-101501", true)]
    public void Dates_and_times_match_single_values_and_ranges(string value, string pattern, bool expected) =>
        Assert.Equal(expected, QidoQuery.Matches(QidoMatchKind.Range, [value], pattern));

    [Fact]
    public void UID_lists_match_any_listed_UID_exactly()
    {
        Assert.True(QidoQuery.Matches(QidoMatchKind.Uid, ["1.2.3"], "1.2.4,1.2.3"));
        Assert.True(QidoQuery.Matches(QidoMatchKind.Uid, ["1.2.3"], "1.2.4\\1.2.3"));
        Assert.False(QidoQuery.Matches(QidoMatchKind.Uid, ["1.2.3"], "1.2.3.4"));
    }

    [Fact]
    public void Text_matching_is_case_sensitive_and_any_of_several_values_may_match()
    {
        Assert.False(QidoQuery.Matches(QidoMatchKind.Text, ["CT"], "ct"));
        Assert.True(QidoQuery.Matches(QidoMatchKind.Text, ["CT", "MR"], "MR"));
        Assert.True(QidoQuery.Matches(QidoMatchKind.Text, ["ACC-17"], "ACC-1?"));
    }

    [Fact]
    public void Keys_are_found_by_keyword_or_by_tag_and_paging_is_read()
    {
        var query = Parse(QidoLevel.Study, ("00100020", "P1"), ("studydate", "2025-"), ("limit", "5"), ("offset", "10"), ("includefield", "all"));
        Assert.Equal(["PatientID", "StudyDate"], query.Filters.Select(f => f.Attribute.Keyword));
        Assert.Equal((10, 5), (query.Offset, query.Limit));
    }

    [Theory]
    [InlineData("ShoeSize", "42", "not a searchable attribute")]
    [InlineData("Modality", "CT", "series-level attribute")]
    [InlineData("StudyDate", "yesterday", "expected a date")]
    [InlineData("StudyDate", "2020-2021-2022", "one '-'")]
    [InlineData("limit", "0", "expected an integer")]
    [InlineData("limit", "5000", "expected an integer")]
    [InlineData("fuzzymatching", "true", "not supported")]
    public void A_query_that_cannot_be_used_is_refused_with_the_reason(string key, string value, string reason)
    {
        var e = Assert.Throws<QidoQueryException>(() => Parse(QidoLevel.Study, (key, value)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instance_search_may_filter_on_study_and_series_attributes()
    {
        var query = Parse(QidoLevel.Instance, ("PatientID", "P"), ("Modality", "CT"), ("InstanceNumber", "3"));
        Assert.Equal(3, query.Filters.Count);
        Assert.Throws<QidoQueryException>(() => Parse(QidoLevel.Instance, ("InstanceNumber", "three")));
    }
}
