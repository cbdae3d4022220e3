using System.Collections.Immutable;
using System.ComponentModel;

namespace SupportPlatform.Cases.Domain;

/// <summary>
/// Identity's answer on whether a person may submit for an organisation, with the contract facts a
/// submission is checked against. Immutable, so a cache can hand the same instance to every caller.
/// </summary>
[ImmutableObject(true)]
public sealed record SubmitterAnswer(bool Authorized, ImmutableArray<string> Reasons, bool ContractValid, string ContractProblem, ContractFacts Contract);
