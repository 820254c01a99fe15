using FedBus.ServiceDefaults.Federation;

namespace FedBus.Contracts.Tests;

public sealed class PatientIdentityTests
{
    public static TheoryData<string> SiteToHubTypes() => new(FederationWhitelist.SiteToHub.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(SiteToHubTypes))]
    public void No_message_that_crosses_from_a_site_to_the_hub_has_a_field_that_can_carry_patient_identity(string name)
    {
        var type = FederationWhitelist.SiteToHub.Single(t => t.Name == name);
        Assert.Empty(PatientIdentityCheck.Violations(type));
    }

    [Fact]
    public void The_check_flags_the_site_internal_messages_that_do_carry_identity()
    {
        var study = PatientIdentityCheck.Violations(typeof(StudyReceived));
        Assert.Contains(study, v => v.StartsWith("StudyReceived.StudyInstanceUid:", StringComparison.Ordinal));
        Assert.Contains(study, v => v.StartsWith("StudyReceived.AccessionNumber:", StringComparison.Ordinal));
        Assert.Contains(study, v => v.StartsWith("StudyReceived.Series[].Instances[].SopInstanceUid:", StringComparison.Ordinal));
        Assert.Contains(PatientIdentityCheck.Violations(typeof(AnnotationSubmitted)), v => v.StartsWith("AnnotationSubmitted.ReaderId:", StringComparison.Ordinal));
        Assert.Contains(PatientIdentityCheck.Violations(typeof(AnnotationAccepted)), v => v.StartsWith("AnnotationAccepted.CaseId:", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_site_internal_message_that_names_a_study_or_a_person_stays_off_the_whitelist()
    {
        var leaking = SampleMessages.AllMessageTypes()
            .Where(t => PatientIdentityCheck.Violations(t).Count > 0)
            .Where(t => FederationWhitelist.CrossesUp(t))
            .Select(t => t.Name);
        Assert.Empty(leaking);
        Assert.Empty(FederationWhitelist.SiteToHub.Intersect(FederationWhitelist.HubToSite));
    }
}
