using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;

namespace SupportPlatform.Benchmark;

/// <summary>What the scenarios send: the bearer header and a fully detailed case.</summary>
public static class BenchRequests
{
    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    /// <summary>A fully detailed incident of a cloud customer, with a new request id.</summary>
    public static SubmitCaseRequest Case(Priority priority) => new()
    {
        RequestId = Guid.NewGuid().ToString(),
        Details = new CaseDetails
        {
            Title = "Inbound calls drop after thirty seconds", Description = "Since 09:00 every inbound call to the main queue drops after about thirty seconds.",
            Type = CaseType.Incident, Priority = priority, Deployment = Deployment.Cloud, AffectedComponent = "Dialogue Cloud", ProductVersion = "8.2.1",
            StartedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)), StepsToReproduce = "Call the main number and wait.",
            ExpectedBehavior = "The call continues.", ActualBehavior = "The call drops after thirty seconds.", AffectedUsers = 120,
            L1ChecksPerformed = "SBC and SIP trunk healthy; Teams tenant healthy.", BusinessImpact = "The contact centre cannot take calls.",
            AttestedVendorAttributable = true,
        },
    };
}
