using System.Data.Common;
using Grpc.Core;
using NodaTime;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>On-call schedules: layers, overrides, who is on duty and the gaps, computed at the time of each call.</summary>
public sealed class OnCallGrpcService(Database database, TimeProvider clock) : OnCallService.OnCallServiceBase
{
    public override async Task<CreateScheduleResponse> CreateSchedule(CreateScheduleRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations();
        OnCallValidation.Schedule(violations, request.Name, request.TimeZone, request.Layers);
        violations.ThrowIfAny();

        var now = clock.GetUtcNow();
        var row = new ScheduleRow
        {
            ScheduleId = Guid.NewGuid(),
            Name = request.Name.Trim(),
            TimeZone = request.TimeZone,
            LayersJson = ProtoJson.Serialize(OnCallValidation.Normalise(request.Layers)),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = caller.SubjectId,
        };
        await using var work = await database.BeginAsync(context.CancellationToken);
        await OnCallStore.InsertAsync(work.Connection, work.Transaction, row);
        var schedule = await ViewAsync(work.Connection, work.Transaction, row, now);
        await work.CommitAsync(context.CancellationToken);
        return new CreateScheduleResponse { Schedule = schedule };
    }

    public override async Task<UpdateScheduleResponse> UpdateSchedule(UpdateScheduleRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var violations = new Violations().RequireId(request.ScheduleId, "schedule_id", out var scheduleId);
        OnCallValidation.Schedule(violations, request.Name, request.TimeZone, request.Layers);
        violations.Require(request.ExpectedVersion >= 1, "expected_version", "must be the current version (1 or more)").ThrowIfAny();

        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(context.CancellationToken);
        var row = await OnCallStore.FindAsync(work.Connection, work.Transaction, scheduleId)
            ?? throw new NotFoundException("schedule", request.ScheduleId);
        if (row.Version != request.ExpectedVersion)
        {
            throw new ConflictException($"Schedule {scheduleId} is at version {row.Version}, not {request.ExpectedVersion}.", row.Version);
        }
        row.Name = request.Name.Trim();
        row.TimeZone = request.TimeZone;
        row.LayersJson = ProtoJson.Serialize(OnCallValidation.Normalise(request.Layers));
        row.Version++;
        row.UpdatedAt = now;
        row.UpdatedBy = caller.SubjectId;
        if (!await OnCallStore.UpdateAsync(work.Connection, work.Transaction, row))
        {
            throw new ConflictException($"Schedule {scheduleId} changed meanwhile.", row.Version);
        }
        var schedule = await ViewAsync(work.Connection, work.Transaction, row, now);
        await work.CommitAsync(context.CancellationToken);
        return new UpdateScheduleResponse { Schedule = schedule };
    }

    public override async Task<GetScheduleResponse> GetSchedule(GetScheduleRequest request, ServerCallContext context)
    {
        new Violations().RequireId(request.ScheduleId, "schedule_id", out var scheduleId).ThrowIfAny();
        await using var read = await database.BeginReadAsync(context.CancellationToken);
        var row = await OnCallStore.FindAsync(read.Connection, read.Transaction, scheduleId)
            ?? throw new NotFoundException("schedule", request.ScheduleId);
        return new GetScheduleResponse { Schedule = await ViewAsync(read.Connection, read.Transaction, row, clock.GetUtcNow()) };
    }

    public override async Task<ListSchedulesResponse> ListSchedules(ListSchedulesRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var (size, after) = PageToken.ReadKeyed(request.PageSize, request.PageToken, violations);
        Guid? afterId = null;
        if (after.Length > 0)
        {
            if (Guid.TryParse(after, out var id))
            {
                afterId = id;
            }
            else
            {
                violations.Add("page_token", "is not a token this service issued");
            }
        }
        violations.ThrowIfAny();

        var now = clock.GetUtcNow();
        await using var read = await database.BeginReadAsync(context.CancellationToken);
        var rows = await OnCallStore.ListAsync(read.Connection, read.Transaction, database.Dialect, afterId, size + 1);
        var response = new ListSchedulesResponse();
        foreach (var row in rows.Take(size))
        {
            response.Schedules.Add(await ViewAsync(read.Connection, read.Transaction, row, now));
        }
        if (rows.Count > size)
        {
            response.NextPageToken = PageToken.WriteKeyed(rows[size - 1].ScheduleId.ToString("D"));
        }
        return response;
    }

    public override async Task<AddOverrideResponse> AddOverride(AddOverrideRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var now = clock.GetUtcNow();
        var violations = new Violations()
            .RequireId(request.ScheduleId, "schedule_id", out var scheduleId)
            .RequireId(request.PersonId, "person_id", out var personId);
        var start = OnCallValidation.Instant(violations, request.StartsAt, "starts_at", required: true, now);
        var end = OnCallValidation.Instant(violations, request.EndsAt, "ends_at", required: true, now);
        if (start is { } from && end is { } to)
        {
            violations
                .Require(to > from, "ends_at", "must be after starts_at")
                .Require(to.ToDateTimeOffset() > now, "ends_at", "must be in the future")
                .Require(to - from <= OnCallLimits.MaxOverride, "ends_at", "must be at most 366 days after starts_at");
        }
        violations.ThrowIfAny();

        await using var work = await database.BeginAsync(context.CancellationToken);
        if (!await OnCallStore.LockAsync(work.Connection, work.Transaction, scheduleId))
        {
            throw new NotFoundException("schedule", request.ScheduleId);
        }
        if (await OnCallStore.CountOpenOverridesAsync(work.Connection, work.Transaction, scheduleId, now) >= OnCallLimits.MaxOpenOverrides)
        {
            throw new PreconditionException("OVERRIDE_LIMIT", $"schedule/{scheduleId}",
                $"The schedule has {OnCallLimits.MaxOpenOverrides} overrides that have not ended; remove one first.");
        }
        var row = new OverrideRow
        {
            OverrideId = Guid.NewGuid(),
            ScheduleId = scheduleId,
            PersonId = personId,
            StartsAt = start!.Value.ToDateTimeOffset(),
            EndsAt = end!.Value.ToDateTimeOffset(),
            CreatedAt = now,
            CreatedBy = caller.SubjectId,
        };
        await OnCallStore.InsertOverrideAsync(work.Connection, work.Transaction, row);
        await work.CommitAsync(context.CancellationToken);
        return new AddOverrideResponse { Override = OnCallMapping.ToProto(row) };
    }

    public override async Task<RemoveOverrideResponse> RemoveOverride(RemoveOverrideRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        new Violations()
            .RequireId(request.ScheduleId, "schedule_id", out var scheduleId)
            .RequireId(request.OverrideId, "override_id", out var overrideId)
            .ThrowIfAny();

        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(context.CancellationToken);
        if (!await OnCallStore.LockAsync(work.Connection, work.Transaction, scheduleId))
        {
            throw new NotFoundException("schedule", request.ScheduleId);
        }
        var row = await OnCallStore.FindOverrideAsync(work.Connection, work.Transaction, scheduleId, overrideId)
            ?? throw new NotFoundException("override", request.OverrideId);
        if (!await OnCallStore.RemoveOverrideAsync(work.Connection, work.Transaction, overrideId, now, caller.SubjectId))
        {
            throw new PreconditionException("OVERRIDE_REMOVED", $"override/{overrideId}", "The override was removed already.");
        }
        row.RemovedAt = now;
        row.RemovedBy = caller.SubjectId;
        await work.CommitAsync(context.CancellationToken);
        return new RemoveOverrideResponse { Override = OnCallMapping.ToProto(row) };
    }

    public override async Task<GetOnCallResponse> GetOnCall(GetOnCallRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var violations = new Violations().RequireId(request.ScheduleId, "schedule_id", out var scheduleId);
        var asked = OnCallValidation.Instant(violations, request.At, "at", required: false, now);
        violations.ThrowIfAny();

        var at = asked ?? Instant.FromDateTimeOffset(now);
        await using var read = await database.BeginReadAsync(context.CancellationToken);
        var row = await OnCallStore.FindAsync(read.Connection, read.Transaction, scheduleId)
            ?? throw new NotFoundException("schedule", request.ScheduleId);
        var rotation = await OnCallSchedules.RotationAsync(read.Connection, read.Transaction, row,
            at - OnCallRotation.SearchHorizon, at + OnCallRotation.SearchHorizon);
        return new GetOnCallResponse
        {
            Duty = OnCallMapping.ToProto(rotation.At(at), at, OnCallSchedules.Layers(row), rotation.Zone),
            TimeZone = row.TimeZone,
        };
    }

    public override async Task<ListScheduleGapsResponse> ListScheduleGaps(ListScheduleGapsRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var violations = new Violations().RequireId(request.ScheduleId, "schedule_id", out var scheduleId);
        var from = OnCallValidation.Instant(violations, request.From, "from", required: true, now);
        var to = OnCallValidation.Instant(violations, request.To, "to", required: true, now);
        if (from is { } start && to is { } end)
        {
            violations
                .Require(end > start, "to", "must be after from")
                .Require(end - start <= OnCallLimits.MaxGapQuery, "to", "must be at most 31 days after from");
        }
        violations.ThrowIfAny();

        await using var read = await database.BeginReadAsync(context.CancellationToken);
        var row = await OnCallStore.FindAsync(read.Connection, read.Transaction, scheduleId)
            ?? throw new NotFoundException("schedule", request.ScheduleId);
        var rotation = await OnCallSchedules.RotationAsync(read.Connection, read.Transaction, row, from!.Value, to!.Value);
        return new ListScheduleGapsResponse
        {
            Gaps = { rotation.Gaps(from.Value, to.Value).Select(gap => OnCallMapping.ToProto(gap, rotation.Zone)) },
            TimeZone = row.TimeZone,
        };
    }

    /// <summary>The schedule with its overrides that have not ended and its next gap within 7 days of <paramref name="now"/>.</summary>
    private static async Task<OnCallSchedule> ViewAsync(DbConnection connection, DbTransaction? transaction, ScheduleRow row, DateTimeOffset now)
    {
        var open = await OnCallStore.OverridesAsync(connection, transaction, row.ScheduleId, now, DateTimeOffset.MaxValue);
        var rotation = new OnCallRotation(OnCallSchedules.Zone(row), [.. OnCallSchedules.Layers(row).Select(OnCallSchedules.ToDomain)],
            [.. open.Select(OnCallSchedules.ToDomain)]);
        var gap = rotation.NextGap(Instant.FromDateTimeOffset(now), OnCallLimits.GapLookahead);
        return OnCallMapping.ToProto(row, open, gap, now);
    }
}
