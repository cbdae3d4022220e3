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
        var body = new MemoryStream();
        var limit = RequestSizeLimits.For(path);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                body.Write(buffer, 0, read);
                if (body.Length > limit + FrameHeader || Announced(body) > limit)
                {
                    await RefuseTooLargeAsync(context, path, limit);
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (Problem(body.GetBuffer().AsSpan(0, (int)body.Length), request) is { } problem)
        {
            await RefuseAsync(context, Code.InvalidArgument, $"The request body is not a valid {request.FullName}: {problem}",
                new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "", Description = problem } } });
            return;
        }
        body.Position = 0;
        context.Request.Body = body;
        await next(context);
    }

    /// <summary>The message length the frame header announces, once it has arrived; 0 before.</summary>
    private static long Announced(MemoryStream body) =>
        body.Length < FrameHeader ? 0 : BinaryPrimitives.ReadUInt32BigEndian(body.GetBuffer().AsSpan(1, 4));

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
    public static string? Problem(ReadOnlySpan<byte> body, MessageDescriptor request)
    {
        if (body.Length < FrameHeader)
        {
            return body.Length == 0 ? "there is no message" : "the message frame is truncated";
        }
        var compressed = body[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..FrameHeader]);
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
            request.Parser.ParseFrom(body[FrameHeader..]);
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
