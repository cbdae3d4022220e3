using Google.Rpc;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>The request is invalid; every violation is listed. → INVALID_ARGUMENT + BadRequest.</summary>
public sealed class ValidationException(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    : DomainException("The request is invalid: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<BadRequest.Types.FieldViolation> Violations { get; } = violations;
}
