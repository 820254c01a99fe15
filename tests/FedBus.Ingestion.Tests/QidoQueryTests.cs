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

    private static string? Paths(QidoAttribute attribute) => attribute.Keyword switch
    {
        "PatientID" => "patientId",
        "StudyDate" => "studyDate",
        "StudyInstanceUID" => "uid",
        "PatientName" => "patientName",
        _ => null,
    };

    [Fact]
    public void Exact_keys_UID_lists_and_whole_date_ranges_go_to_the_store_which_then_answers_the_query_alone()
    {
        var query = Parse(QidoLevel.Study, ("PatientID", "P1"), ("StudyDate", "20250101-20250131"), ("StudyInstanceUID", "1.2,1.3"));
        var (filter, exact) = query.IndexFilter(Paths);

        Assert.True(exact);
        Assert.Equal(FedBus.ServiceDefaults.Storage.FilterOperator.And, filter!.Operator);
        var (id, dates, uids) = (filter.Children[0], filter.Children[1], filter.Children[2]);
        Assert.Equal((FedBus.ServiceDefaults.Storage.FilterOperator.Equal, "patientId", "P1"), (id.Operator, id.Path, (string?)id.Values[0]));
        Assert.Equal(["20250101", "20250131"], dates.Children.Select(c => (string)c.Values[0]!));
        Assert.Equal([FedBus.ServiceDefaults.Storage.FilterOperator.GreaterThanOrEqual, FedBus.ServiceDefaults.Storage.FilterOperator.LessThanOrEqual], dates.Children.Select(c => c.Operator));
        Assert.Equal((FedBus.ServiceDefaults.Storage.FilterOperator.In, 2), (uids.Operator, uids.Values.Count));
    }

    [Fact]
    public void Names_wildcards_partial_dates_and_unindexed_keys_are_left_to_the_check_in_memory()
    {
        foreach (var (key, value) in new[] { ("PatientName", "Doe"), ("StudyDate", "2025-"), ("AccessionNumber", "A1") })
        {
            var (filter, isExact) = Parse(QidoLevel.Study, (key, value)).IndexFilter(Paths);
            Assert.Null(filter);
            Assert.False(isExact);
        }

        // A wildcard after a fixed prefix narrows the store's range; the pattern itself is checked in memory.
        var (prefix, exact) = Parse(QidoLevel.Study, ("PatientID", "AB*7")).IndexFilter(Paths);
        Assert.False(exact);
        Assert.Equal("AB", (string?)prefix!.Children[0].Values[0]);
        Assert.True(QidoQuery.Matches(QidoMatchKind.Text, ["AB-17"], "AB*7"));
        Assert.False(QidoQuery.Matches(QidoMatchKind.Text, ["AB-18"], "AB*7"));
    }
}
