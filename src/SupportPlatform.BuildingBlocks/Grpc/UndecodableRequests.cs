using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Frozen;
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
    private const int PeekLimit = 64 * 1024;

    private static readonly FrozenDictionary<string, MessageDescriptor> Requests =
        RequestSizeLimits.Methods().ToFrozenDictionary(RequestSizeLimits.Path, method => method.InputType, StringComparer.Ordinal);

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
        var reader = context.Request.BodyReader;
        // A body up to PeekLimit is examined where it arrived and left unconsumed, for gRPC to read
        // the same bytes; a larger one is copied as it arrives, since HTTP/2 flow control would
        // stop the client before the whole of an unconsumed body had come.
        MemoryStream? copy = null;
        long announced = 0;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            var buffer = result.Buffer;
            if (copy is null && buffer.Length >= FrameHeader)
            {
                announced = Header(buffer).Length;
            }
            if ((copy?.Length ?? 0) + buffer.Length > limit + FrameHeader || announced > limit)
            {
                reader.AdvanceTo(buffer.End);
                await RefuseTooLargeAsync(context, path, limit);
                return;
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
                if (!result.IsCompleted)
                {
                    continue;
                }
                if (await RefusedAsync(context, new ReadOnlySequence<byte>(copy.GetBuffer(), 0, (int)copy.Length), request))
                {
                    return;
                }
                copy.Position = 0;
                context.Request.Body = copy;
                break;
            }
            if (!result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            var refused = await RefusedAsync(context, buffer, request);
            reader.AdvanceTo(refused ? buffer.End : buffer.Start);
            if (refused)
            {
                return;
            }
            break;
        }
        await next(context);
    }

    /// <summary>Answers INVALID_ARGUMENT when the whole body does not decode; false when it does (and nothing is answered).</summary>
    private static async ValueTask<bool> RefusedAsync(HttpContext context, ReadOnlySequence<byte> body, MessageDescriptor request)
    {
        if (Problem(body, request) is not { } problem)
        {
            return false;
        }
        await RefuseAsync(context, Code.InvalidArgument, $"The request body is not a valid {request.FullName}: {problem}",
            new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "", Description = problem } } });
        return true;
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
