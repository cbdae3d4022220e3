using Google.Rpc;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// Errors the domain throws; <see cref="ErrorInterceptor"/> maps each to a gRPC status with
/// google.rpc details. Messages are for the caller: they never contain internals.
/// </summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>The request is invalid; every violation is listed. → INVALID_ARGUMENT + BadRequest.</summary>
public sealed class ValidationException(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    : DomainException("The request is invalid: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<BadRequest.Types.FieldViolation> Violations { get; } = violations;
}

/// <summary>The object does not exist or the caller may not know it does. → NOT_FOUND.</summary>
public sealed class NotFoundException(string resourceType, string resourceName)
    : DomainException($"{resourceType} '{resourceName}' was not found.")
{
    public string ResourceType { get; } = resourceType;
    public string ResourceName { get; } = resourceName;
}

/// <summary>The system is not in the state the operation needs. → FAILED_PRECONDITION + PreconditionFailure.</summary>
public sealed class PreconditionException(string type, string subject, string description)
    : DomainException(description)
{
    public string Type { get; } = type;
    public string Subject { get; } = subject;
}

/// <summary>The caller's copy is stale (optimistic concurrency). → ABORTED + ErrorInfo.</summary>
public sealed class ConflictException(string message, long currentVersion) : DomainException(message)
{
    public long CurrentVersion { get; } = currentVersion;
}

/// <summary>
/// What the caller asks to create exists already, and differently (e.g. an idempotency key reused
/// with other content). → ALREADY_EXISTS + ErrorInfo with <see cref="Reason"/>.
/// </summary>
public sealed class AlreadyExistsException(string reason, string message) : DomainException(message)
{
    public string Reason { get; } = reason;
}

/// <summary>The caller is known but may not do this. → PERMISSION_DENIED + ErrorInfo.</summary>
public sealed class PermissionException(string reason, string message) : DomainException(message)
{
    public string Reason { get; } = reason;
}

/// <summary>The caller is not authenticated. → UNAUTHENTICATED.</summary>
public sealed class AuthenticationException(string message) : DomainException(message);

/// <summary>Collects field violations, then throws them all at once.</summary>
public sealed class Violations
{
    private readonly List<BadRequest.Types.FieldViolation> items = [];

    public bool Any => items.Count > 0;

    public Violations Add(string field, string description)
    {
        items.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        return this;
    }

    /// <summary>Adds a violation when <paramref name="condition"/> is false.</summary>
    public Violations Require(bool condition, string field, string description) =>
        condition ? this : Add(field, description);

    /// <summary>Requires text of a length within bounds (after trimming).</summary>
    public Violations RequireText(string? value, string field, int min = 1, int max = 20000)
    {
        var length = value?.Trim().Length ?? 0;
        if (length == 0)
        {
            return Add(field, "is required");
        }
        return Require(length >= min && length <= max, field, $"must be {min}-{max} characters");
    }

    /// <summary>Requires a UUID.</summary>
    public Violations RequireId(string? value, string field, out Guid id)
    {
        if (!Guid.TryParse(value, out id))
        {
            Add(field, string.IsNullOrEmpty(value) ? "is required" : "must be a UUID");
        }
        return this;
    }

    /// <summary>An optional UUID filter: null when empty, a violation when malformed.</summary>
    public Guid? OptionalId(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        RequireId(value, field, out var id);
        return id;
    }

    public void ThrowIfAny()
    {
        if (items.Count > 0)
        {
            throw new ValidationException(items.ToList());
        }
    }
}
