using Google.Rpc;

namespace SupportPlatform.BuildingBlocks.Grpc;

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
