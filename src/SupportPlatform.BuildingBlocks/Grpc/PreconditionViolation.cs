namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>One unmet condition: google.rpc.PreconditionFailure.Violation.</summary>
/// <param name="Type">An upper-case kind, e.g. "RCA_STATE".</param>
/// <param name="Subject">What it is about, e.g. "rcas/{id}/analysis.summary".</param>
/// <param name="Description">What to do about it, for a person.</param>
public sealed record PreconditionViolation(string Type, string Subject, string Description);
