using FedBus.Contracts;
using FedBus.QualityControl.Rules;
using FedBus.Testing;
using static FedBus.QualityControl.Tests.Samples;

namespace FedBus.QualityControl.Tests.Service;

/// <summary>The service on a real RabbitMQ (its own virtual host): the same verdicts as on the in-memory bus.</summary>
public sealed class QcRabbitMqTests(RabbitMqVirtualHost vhost) : IClassFixture<RabbitMqVirtualHost>
{
    [Fact]
    public async Task Over_RabbitMQ_a_correct_label_is_accepted_and_a_class_11_label_is_rejected_with_its_reason()
    {
        await using var host = new RabbitMqQcHost(vhost);
        await ((IAsyncLifetime)host).InitializeAsync();

        var good = Guid.NewGuid();
        var bad = Guid.NewGuid();
        await host.SubmitAsync(Submissions.For(good, "dr-a", Class(2), TaskKind.Classification, FiveClasses), Class(2));
        await host.SubmitAsync(Submissions.For(bad, "dr-a", Class(11), TaskKind.Classification, FiveClasses), Class(11));

        var accepted = await host.Events.WaitForAsync<AnnotationAccepted>(a => a.TaskId == good, TimeSpan.FromSeconds(60));
        var rejected = await host.Events.WaitForAsync<AnnotationRejected>(r => r.TaskId == bad, TimeSpan.FromSeconds(60));

        Assert.Equal(QcIds.CaseOf(good), accepted.CaseId);
        Assert.Equal(QcCodes.ClassOutOfRange, Assert.Single(rejected.Reasons).Code);
        var finding = (await host.GetJsonAsync($"/qc/tasks/{bad}"))["verdicts"]![0]!["findings"]![0]!;
        Assert.Equal(QcCodes.ClassOutOfRange, finding["code"]!.GetValue<string>());
        Assert.DoesNotContain(await vhost.QueueNamesAsync(), q => q.EndsWith("_error", StringComparison.Ordinal));
    }

    private sealed class RabbitMqQcHost(RabbitMqVirtualHost vhost)
        : QcHost(vhost.Settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value));
}
