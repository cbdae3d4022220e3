using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>The contract facts a submission is checked against (from the identity service).</summary>
public sealed record ContractFacts(string Plan, Deployment Deployment, string ProductVersion);
