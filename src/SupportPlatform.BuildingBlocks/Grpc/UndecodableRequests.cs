using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Frozen;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Http;

namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// Answers a gRPC request whose body does not decode as its RPC's request message with
/// INVALID_ARGUMENT (a google.rpc.BadRequest naming the problem), for every RPC with one request
/// message (unary and server streaming) of the contracts and grpc.health.v1. grpc-dotnet decodes
/// the request before any interceptor runs and answers a body that fails to decode (random bytes,
/// a truncated message, an overlong varint, an unbalanced group, a bad frame) as UNKNOWN
/// "Exception was thrown by handler"; this middleware decodes it first, and hands a body that
/// decodes on unchanged. A body over its RPC's size limit (<see cref="RequestSizeLimits"/>) is
/// RESOURCE_EXHAUSTED REQUEST_TOO_LARGE, refused as soon as its frame header announces it, or
/// as soon as that much has arrived; compressed messages and client-streaming RPCs are left to gRPC.
/// </summary>
public sealed class UndecodableRequests(RequestDelegate next)
{
    private const int FrameHeader = 5;

    /// <summary>The largest body examined without consuming it (well inside Kestrel's HTTP/2 stream window of 768 KiB).</summary>
    public const int PeekLimit = 64 * 1024;

    private static readonly FrozenDictionary<string, MessageDescriptor> Requests =
        RequestSizeLimits.Methods().ToFrozenDictionary(RequestSizeLimits.Path, method => method.InputType, StringComparer.Ordinal);

    /// <summary>What examining a request body found: too large, a problem, or neither (and, for a large body, its copy).</summary>
    /// <param name="Copy">A body over <see cref="PeekLimit"/>, consumed from the request as it arrived; null when the request still holds it.</param>
    public readonly record struct Examined(bool TooLarge, string? Problem, MemoryStream? Copy);

    public async Task InvokeAsync(HttpContext context)
    {
        var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        var path = context.Request.Path.Value ?? "";
        if (!isGrpc || !Requests.TryGetValue(path, out var request))
        {
            await next(context);
            return;
        }
        var limit = RequestSizeLimits.For(path);
        var examined = await ExamineAsync(context.Request.BodyReader, limit, request, context.RequestAborted);
        if (examined.TooLarge)
        {
            await RefuseTooLargeAsync(context, path, limit);
            return;
        }
        if (examined.Problem is { } problem)
        {
            await RefuseAsync(context, Code.InvalidArgument, $"The request body is not a valid {request.FullName}: {problem}",
                new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "", Description = problem } } });
            return;
        }
        if (examined.Copy is { } copy)
        {
            context.Request.Body = copy;
        }
        await next(context);
    }

    /// <summary>
    /// Reads a request body to its end and judges it. A body up to <see cref="PeekLimit"/> is
    /// examined where it arrived and left unconsumed, for gRPC to read the same bytes; a larger one
    /// is copied as it arrives (<see cref="Examined.Copy"/>), since HTTP/2 flow control would stop
    /// the client before the whole of an unconsumed body had come. A frame header announcing more
    /// than <paramref name="limit"/> is too large at once, without waiting for the rest.
    /// </summary>
    public static async Task<Examined> ExamineAsync(PipeReader reader, int limit, MessageDescriptor request, CancellationToken cancellationToken)
    {
        MemoryStream? copy = null;
        long announced = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (copy is null && buffer.Length >= FrameHeader)
            {
                announced = Header(buffer).Length;
            }
            if ((copy?.Length ?? 0) + buffer.Length > limit + FrameHeader || announced > limit)
            {
                reader.AdvanceTo(buffer.End);
                return new Examined(TooLarge: true, null, null);
            }
            if (copy is null && !result.IsCompleted && buffer.Length >= PeekLimit)
            {
                copy = new MemoryStream();
            }
            if (copy is not null)
            {
                foreach (var segment in buffer)
                {
                    copy.Write(segment.Span);
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    copy.Position = 0;
                    return new Examined(false, Problem(new ReadOnlySequence<byte>(copy.GetBuffer(), 0, (int)copy.Length), request), copy);
                }
                continue;
            }
            if (result.IsCompleted)
            {
                var problem = Problem(buffer, request);
                // A body that decodes stays unconsumed; all of it stays examined (a pipe's reader may
                // not examine less than it did before).
                reader.AdvanceTo(problem is null ? buffer.Start : buffer.End, buffer.End);
                return new Examined(false, problem, null);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The frame header's compression flag and announced message length (the body holds at least the header).</summary>
    private static (byte Compressed, uint Length) Header(ReadOnlySequence<byte> body)
    {
        Span<byte> header = stackalloc byte[FrameHeader];
        body.Slice(0, FrameHeader).CopyTo(header);
        return (header[0], BinaryPrimitives.ReadUInt32BigEndian(header[1..]));
    }

    private static Task RefuseTooLargeAsync(HttpContext context, string path, int limit) =>
        RefuseAsync(context, Code.ResourceExhausted,
            $"The request is larger than the limit of {path} ({limit:N0} bytes: its largest valid request).",
            new ErrorInfo
            {
                Reason = RequestSizeLimits.Reason,
                Domain = ErrorInterceptor.Domain,
                Metadata = { ["rpc"] = path, ["limit_bytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
    /// <summary>What is wrong with a gRPC request body of one message; null when it decodes (or is compressed: gRPC's to judge).</summary>
    public static string? Problem(ReadOnlySequence<byte> body, MessageDescriptor request)
    {
        if (body.Length < FrameHeader)
        {
            return body.Length == 0 ? "there is no message" : "the message frame is truncated";
        }
        var (compressed, length) = Header(body);
        if (compressed > 1)
        {
            return "the message frame's compression flag is invalid";
        }
        if (length != body.Length - FrameHeader)
        {
            return length > body.Length - FrameHeader ? "the message is truncated" : "there is more than one message";
        }
        if (compressed == 1)
        {
            return null;
        }
        try
        {
            request.Parser.ParseFrom(body.Slice(FrameHeader));
            return null;
        }
        catch (InvalidProtocolBufferException exception)
        {
            return exception.Message;
        }
    }

    private static Task RefuseAsync(HttpContext context, Code code, string message, IMessage? detail)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (detail is not null)
        {
            status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(detail));
        }
        return GrpcAnswers.RefuseAsync(context, status);
    }
}
